//! The portal's deal stages and lead statuses: read once per pipeline (and once for leads) and
//! kept for a few minutes (a portal's stages change rarely, and every list, card and move names
//! them), and matched against what the user wrote.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::b24::model::Status;
use crate::b24::{self, Client};

const FRESH_FOR: Duration = Duration::from_secs(5 * 60);

type Cached = (Instant, Arc<Vec<Status>>);

/// Which list of statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    /// A deal pipeline's stages (0: the default pipeline).
    Deal(u64),
    Lead,
}

pub struct Stages {
    portal: Client,
    cache: Mutex<HashMap<Kind, Cached>>,
}

impl Stages {
    pub fn new(portal: Client) -> Stages {
        Stages {
            portal,
            cache: Mutex::default(),
        }
    }

    /// The stages of a pipeline (0: the default one), in their order.
    pub async fn of(&self, category: u64) -> Result<Arc<Vec<Status>>, b24::Error> {
        let kind = Kind::Deal(category);
        if let Some(stages) = self.fresh(kind) {
            return Ok(stages);
        }
        let stages = Arc::new(self.portal.deal_stages(category).await?);
        self.lock().insert(kind, (Instant::now(), stages.clone()));
        Ok(stages)
    }

    /// The portal's lead statuses, in their order.
    pub async fn of_leads(&self) -> Result<Arc<Vec<Status>>, b24::Error> {
        if let Some(statuses) = self.fresh(Kind::Lead) {
            return Ok(statuses);
        }
        let statuses = Arc::new(self.portal.lead_statuses().await?);
        self.lock()
            .insert(Kind::Lead, (Instant::now(), statuses.clone()));
        Ok(statuses)
    }

    fn fresh(&self, kind: Kind) -> Option<Arc<Vec<Status>>> {
        self.lock()
            .get(&kind)
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, stages)| stages.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Kind, Cached>> {
        self.cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The pipeline a stage id belongs to: `C3:NEW` is in pipeline 3, `NEW` in the default one.
pub fn category_of(stage_id: &str) -> u64 {
    stage_id
        .strip_prefix('C')
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(number, _)| number.parse().ok())
        .unwrap_or(0)
}

/// The stage the user means: its id (`WON`, or `WON` for `C1:WON` in another pipeline), else its
/// name in the portal (whatever language the portal names it in), else the one stage whose name
/// contains the words.
pub fn find<'s>(stages: &'s [Status], words: &str) -> Option<&'s Status> {
    let wanted = words.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let code = |stage: &Status| -> String {
        let id = stage.status_id.to_lowercase();
        match id.split_once(':') {
            Some((_, code)) => code.to_owned(),
            None => id,
        }
    };
    stages
        .iter()
        .find(|stage| stage.status_id.to_lowercase() == wanted || code(stage) == wanted)
        .or_else(|| {
            stages
                .iter()
                .find(|stage| stage.name.to_lowercase() == wanted)
        })
        .or_else(|| {
            let mut containing = stages
                .iter()
                .filter(|stage| stage.name.to_lowercase().contains(&wanted));
            match (containing.next(), containing.next()) {
                (Some(stage), None) => Some(stage),
                _ => None,
            }
        })
}

/// The stage's name in the portal, or its id when the portal no longer has it.
pub fn name_of(stages: &[Status], stage_id: &str) -> String {
    stages
        .iter()
        .find(|stage| stage.status_id == stage_id)
        .map(|stage| stage.name.clone())
        .unwrap_or_else(|| stage_id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, name: &str) -> Status {
        Status {
            id: 1,
            entity_id: "DEAL_STAGE".into(),
            status_id: id.into(),
            name: name.into(),
            sort: None,
            category_id: None,
            semantics: None,
        }
    }

    #[test]
    fn by_id_by_name_and_by_a_unique_part_of_a_name() {
        let stages = [
            stage("NEW", "New"),
            stage("EXECUTING", "В работе"),
            stage("WON", "Deal won"),
            stage("LOSE", "Deal lost"),
            stage("C1:WON", "Won"),
        ];
        assert_eq!(find(&stages, "won").unwrap().status_id, "WON");
        assert_eq!(find(&stages, "в работе").unwrap().status_id, "EXECUTING");
        assert_eq!(find(&stages, "LOST").unwrap().status_id, "LOSE");
        assert!(find(&stages, "deal").is_none(), "two names contain it");
        assert!(find(&stages, "").is_none());
        assert_eq!(find(&stages[4..], "won").unwrap().status_id, "C1:WON");
        assert_eq!(category_of("C12:NEW"), 12);
        assert_eq!(category_of("NEW"), 0);
        assert_eq!(name_of(&stages, "GONE"), "GONE");
    }
}
