//! Links as TDLib checks them (`LinkManager::check_link` over `parse_url`), for `<a href>` and
//! URL buttons: what passes is normalised as Telegram normalises it, what fails says why.

/// Characters RFC 3986 allows in a host or user info, besides letters and digits.
const URL_PART_SYMBOLS: &[u8] = b".-_!$,~*'();&+=";

fn check_url_part(part: &str, name: &str, allow_colon: bool) -> Result<(), String> {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphanumeric()
            || URL_PART_SYMBOLS.contains(&c)
            || (allow_colon && c == b':')
            || c >= 128
        {
            i += 1;
            continue;
        }
        if c == b'%' {
            let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
            if hex(i + 1) && hex(i + 2) {
                i += 3;
                continue;
            }
            return Err(format!("Wrong percent-encoded symbol in URL {name}"));
        }
        return Err(format!("Disallowed character in URL {name}"));
    }
    Ok(())
}

struct HttpUrl {
    https: bool,
    userinfo: String,
    host: String,
    port: Option<u16>,
    query: String,
}

/// TDLib's `parse_url` with HTTP as the default protocol.
fn parse_url(url: &str) -> Result<HttpUrl, String> {
    let scheme_end = url
        .find([':', '/', '?', '#', '@', '[', ']'])
        .unwrap_or(url.len());
    let (https, rest) = match url[scheme_end..].strip_prefix("://") {
        Some(rest) => match url[..scheme_end].to_ascii_lowercase().as_str() {
            "http" => (false, rest),
            "https" => (true, rest),
            _ => return Err("Unsupported URL protocol".to_owned()),
        },
        None => (false, url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, query) = rest.split_at(authority_end);
    let colon = authority
        .rfind([':', ']', '@'])
        .filter(|at| *at > 0 && authority[*at..].starts_with(':'));
    let (userinfo_host, port) = match colon {
        Some(at) => match authority[at + 1..].parse::<u16>() {
            Ok(port) if port > 0 => (&authority[..at], Some(port)),
            _ => return Err("Wrong port number specified in the URL".to_owned()),
        },
        None => (authority, None),
    };
    let (userinfo, host) = match userinfo_host.rfind('@') {
        Some(at) => (&userinfo_host[..at], &userinfo_host[at + 1..]),
        None => ("", userinfo_host),
    };
    if host.is_empty() {
        return Err("URL host is empty".to_owned());
    }
    if host == "." {
        return Err("Host is invalid".to_owned());
    }
    let host = host.to_lowercase();
    if !(host.starts_with('[') && host.ends_with(']')) {
        check_url_part(&host, "host", false)?;
        check_url_part(userinfo, "userinfo", true)?;
    }
    let query = query.trim_end_matches([' ', '\t', '\r', '\n', '\x0b', '\x0c']);
    let mut normalised = String::new();
    if !query.starts_with('/') {
        normalised.push('/');
    }
    for ch in query.chars() {
        if (ch as u32) <= 0x20 {
            normalised.push_str(&format!("%{:02X}", ch as u32));
        } else {
            normalised.push(ch);
        }
    }
    Ok(HttpUrl {
        https,
        userinfo: userinfo.to_owned(),
        host,
        port,
        query: normalised,
    })
}

/// The link Telegram keeps, or why it refuses it, quoting the link as TDLib does.
pub fn check_link(link: &str) -> Result<String, String> {
    checked(link).map_err(|reason| format!("URL '{link}' is invalid: {reason}"))
}

fn checked(link: &str) -> Result<String, String> {
    let lower = link.to_ascii_lowercase();
    let Some(rest) = lower.starts_with("tg:").then(|| &link[3..]) else {
        let url = parse_url(link)?;
        if !url.host.contains('.') && !url.host.starts_with('[') {
            return Err("Wrong HTTP URL".to_owned());
        }
        let scheme = if url.https { "https" } else { "http" };
        let userinfo = if url.userinfo.is_empty() {
            String::new()
        } else {
            format!("{}@", url.userinfo)
        };
        let port = url.port.map(|port| format!(":{port}")).unwrap_or_default();
        return Ok(format!(
            "{scheme}://{userinfo}{}{port}{}",
            url.host, url.query
        ));
    };
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let url = parse_url(rest)?;
    if rest.to_ascii_lowercase().starts_with("http://")
        || url.https
        || !url.userinfo.is_empty()
        || url.port.is_some()
    {
        return Err("Wrong tg URL".to_owned());
    }
    if !url
        .host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err("Unallowed characters in URL host".to_owned());
    }
    let query = url
        .query
        .strip_prefix("/?")
        .map_or(url.query.clone(), |q| format!("?{q}"));
    Ok(format!("tg://{}{query}", url.host))
}
