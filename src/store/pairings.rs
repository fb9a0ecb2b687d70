//! Pairing a channel user with an employee: a one-time code sent to the employee inside Bitrix24
//! and typed back on the channel, or a one-time link token (a deep link issued in Bitrix24 chat).
//!
//! Neither is stored in clear: a leaked database must not let anyone finish a pairing. Hashes are
//! SHA-256 from `sha2` (RustCrypto), which sqlx already builds for its migration checksums, so
//! it adds no crate to the build. A 6-digit code has too little entropy for a hash alone to hide
//! it, so each is salted; what really protects it is the expiry and the try limits, which the
//! caller enforces with [`Store::tries_since`].

use std::fmt;

use jiff::Timestamp;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::error::query;
use super::keys::{ChannelUser, EmployeeId};
use super::links::{Link, upsert_link};
use super::time::to_secs;
use super::{Error, Store};

/// The 6 digits to send to the employee. Its `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct PairingCode(String);

impl PairingCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PairingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PairingCode(******)")
    }
}

/// A one-time token for a deep link (`https://t.me/<bot>?start=<token>`): 32 hex digits, within
/// Telegram's 64-character start parameter. Its `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkToken(***)")
    }
}

/// What typing a code back did.
#[derive(Debug, Clone, PartialEq)]
pub enum Redeem {
    /// The code was right: the user is now linked, and the pairing is gone.
    Linked(Link),
    /// The code was wrong; `wrong_tries` counts the wrong codes typed for this pairing so far.
    Wrong { wrong_tries: u32 },
    /// The code was right or wrong, but too late; the pairing is gone.
    Expired,
    /// No pairing was started for this user.
    NoPairing,
}

/// Whose tries a limit counts: the channel user typing codes, or the employee receiving them (so
/// that many channel users cannot flood one employee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrySubject {
    User(ChannelUser),
    Employee(EmployeeId),
}

impl TrySubject {
    fn key(&self) -> String {
        match self {
            TrySubject::User(user) => format!("user:{user}"),
            TrySubject::Employee(employee) => format!("employee:{employee}"),
        }
    }
}

impl Store {
    /// Starts a pairing of `user` with `employee`, replacing one already started, and returns the
    /// code to send to the employee.
    pub async fn start_pairing(
        &self,
        user: &ChannelUser,
        employee: EmployeeId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<PairingCode, Error> {
        let (code, salt) = {
            let mut rng = rand::rng();
            let code = PairingCode(format!("{:06}", rng.random_range(0..1_000_000u32)));
            let salt: [u8; 16] = rng.random();
            (code, salt)
        };
        sqlx::query(
            "INSERT INTO pairings
                 (channel, channel_user, employee_id, salt, code_hash, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (channel, channel_user) DO UPDATE SET
                 employee_id = excluded.employee_id,
                 salt = excluded.salt,
                 code_hash = excluded.code_hash,
                 wrong_tries = 0,
                 created_at = excluded.created_at,
                 expires_at = excluded.expires_at",
        )
        .bind(user.channel.as_str())
        .bind(&user.user)
        .bind(employee.to_sql()?)
        .bind(&salt[..])
        .bind(&salted_hash(&salt, code.as_str())[..])
        .bind(to_secs(now))
        .bind(to_secs(expires_at))
        .execute(&self.pool)
        .await
        .map_err(query("start a pairing"))?;
        Ok(code)
    }

    /// The employee `user`'s pending pairing is for, so a wrong code counts against the
    /// employee's tries too.
    pub async fn pairing_employee(&self, user: &ChannelUser) -> Result<Option<EmployeeId>, Error> {
        let employee: Option<i64> = sqlx::query_scalar(
            "SELECT employee_id FROM pairings WHERE channel = ?1 AND channel_user = ?2",
        )
        .bind(user.channel.as_str())
        .bind(&user.user)
        .fetch_optional(&self.pool)
        .await
        .map_err(query("read a pairing's employee"))?;
        employee.map(EmployeeId::from_sql).transpose()
    }

    /// Checks the code `user` typed (spaces ignored). A right code in time links them in the same
    /// transaction that ends the pairing, so a code works once.
    pub async fn redeem_pairing(
        &self,
        user: &ChannelUser,
        typed: &str,
        now: Timestamp,
    ) -> Result<Redeem, Error> {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        // IMMEDIATE takes the write lock up front: two codes typed at once are checked one after
        // the other, never both against the same state.
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(query("begin redeeming a pairing"))?;
        let row: Option<(i64, Vec<u8>, Vec<u8>, i64)> = sqlx::query_as(
            "SELECT employee_id, salt, code_hash, expires_at FROM pairings
             WHERE channel = ?1 AND channel_user = ?2",
        )
        .bind(user.channel.as_str())
        .bind(&user.user)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query("read a pairing"))?;
        let Some((employee, salt, code_hash, expires_at)) = row else {
            return Ok(Redeem::NoPairing);
        };
        let outcome = if expires_at <= to_secs(now) {
            delete_pairing(&mut tx, user).await?;
            Redeem::Expired
        } else if constant_time_eq(&salted_hash(&salt, &typed), &code_hash) {
            delete_pairing(&mut tx, user).await?;
            let link = upsert_link(&mut *tx, user, EmployeeId::from_sql(employee)?, now).await?;
            Redeem::Linked(link)
        } else {
            let wrong_tries: i64 = sqlx::query_scalar(
                "UPDATE pairings SET wrong_tries = wrong_tries + 1
                 WHERE channel = ?1 AND channel_user = ?2 RETURNING wrong_tries",
            )
            .bind(user.channel.as_str())
            .bind(&user.user)
            .fetch_one(&mut *tx)
            .await
            .map_err(query("count a wrong pairing code"))?;
            Redeem::Wrong {
                wrong_tries: u32::try_from(wrong_tries).unwrap_or(u32::MAX),
            }
        };
        tx.commit()
            .await
            .map_err(query("finish redeeming a pairing"))?;
        self.recent.forget(user);
        Ok(outcome)
    }

    /// Counts one try (a code asked for, or typed) against `subject`.
    pub async fn record_try(&self, subject: &TrySubject, now: Timestamp) -> Result<(), Error> {
        sqlx::query("INSERT INTO pairing_tries (subject, at) VALUES (?1, ?2)")
            .bind(subject.key())
            .bind(to_secs(now))
            .execute(&self.pool)
            .await
            .map_err(query("record a pairing try"))?;
        Ok(())
    }

    /// How many tries `subject` made at or after `since`.
    pub async fn tries_since(&self, subject: &TrySubject, since: Timestamp) -> Result<u32, Error> {
        let count: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pairing_tries WHERE subject = ?1 AND at >= ?2",
        )
        .bind(subject.key())
        .bind(to_secs(since))
        .fetch_one(&self.pool)
        .await
        .map_err(query("count pairing tries"))?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// Forgets tries older than any limit's window, and pairings and link tokens past their
    /// expiry; returns how many rows went.
    pub async fn prune_pairings(
        &self,
        tries_before: Timestamp,
        now: Timestamp,
    ) -> Result<u64, Error> {
        let mut removed = 0;
        for (sql, at) in [
            ("DELETE FROM pairing_tries WHERE at < ?1", tries_before),
            ("DELETE FROM pairings WHERE expires_at <= ?1", now),
            ("DELETE FROM link_tokens WHERE expires_at <= ?1", now),
        ] {
            removed += sqlx::query(sql)
                .bind(to_secs(at))
                .execute(&self.pool)
                .await
                .map_err(query("prune pairings"))?
                .rows_affected();
        }
        Ok(removed)
    }

    /// Issues a one-time token that links whoever presents it to `employee` until `expires_at`.
    pub async fn issue_link_token(
        &self,
        employee: EmployeeId,
        expires_at: Timestamp,
    ) -> Result<LinkToken, Error> {
        let bits: u128 = rand::rng().random();
        let token = LinkToken(format!("{bits:032x}"));
        sqlx::query(
            "INSERT INTO link_tokens (token_hash, employee_id, expires_at) VALUES (?1, ?2, ?3)",
        )
        .bind(&Sha256::digest(token.as_str())[..])
        .bind(employee.to_sql()?)
        .bind(to_secs(expires_at))
        .execute(&self.pool)
        .await
        .map_err(query("issue a link token"))?;
        Ok(token)
    }

    /// Links `user` to the token's employee and spends the token. `None` for an unknown, spent or
    /// expired token.
    pub async fn redeem_link_token(
        &self,
        token: &str,
        user: &ChannelUser,
        now: Timestamp,
    ) -> Result<Option<Link>, Error> {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(query("begin redeeming a link token"))?;
        let employee: Option<(i64, i64)> = sqlx::query_as(
            "DELETE FROM link_tokens WHERE token_hash = ?1 RETURNING employee_id, expires_at",
        )
        .bind(&Sha256::digest(token.trim())[..])
        .fetch_optional(&mut *tx)
        .await
        .map_err(query("spend a link token"))?;
        let link = match employee {
            Some((employee, expires_at)) if expires_at > to_secs(now) => {
                Some(upsert_link(&mut *tx, user, EmployeeId::from_sql(employee)?, now).await?)
            }
            _ => None,
        };
        tx.commit()
            .await
            .map_err(query("finish redeeming a link token"))?;
        self.recent.forget(user);
        Ok(link)
    }
}

async fn delete_pairing(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    user: &ChannelUser,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM pairings WHERE channel = ?1 AND channel_user = ?2")
        .bind(user.channel.as_str())
        .bind(&user.user)
        .execute(&mut **tx)
        .await
        .map_err(query("end a pairing"))?;
    Ok(())
}

fn salted_hash(salt: &[u8], code: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(salt)
        .chain_update(code.as_bytes())
        .finalize()
        .into()
}

/// Compares without stopping at the first difference, so the time taken tells nothing about how
/// much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    a.len() == b.len() && std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_bytes_compare_equal_and_any_difference_or_length_does_not() {
        assert!(constant_time_eq(b"123456", b"123456"));
        assert!(!constant_time_eq(b"123456", b"123457"));
        assert!(!constant_time_eq(b"023456", b"123456"));
        assert!(!constant_time_eq(b"12345", b"123456"));
    }

    #[test]
    fn the_same_code_hashes_differently_under_another_salt() {
        let code = "123456";
        assert_eq!(salted_hash(b"salt-a", code), salted_hash(b"salt-a", code));
        assert_ne!(salted_hash(b"salt-a", code), salted_hash(b"salt-b", code));
        assert_ne!(
            salted_hash(b"salt-a", code),
            salted_hash(b"salt-a", "123457")
        );
    }
}
