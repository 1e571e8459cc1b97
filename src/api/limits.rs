//! Rate limits: per API key by the role a route needs (checked after the key is proven, so
//! the refusal is audited), and per client IP before anything else (a flood of made-up keys
//! costs no key check and no audit line). A refused request gets `429 rate_limited` with
//! `Retry-After` (whole seconds). Each limit allows a burst of twice its rate. The local
//! operator's key and loopback clients are not limited: they are the machine itself (and the
//! load generator that measures it).

use super::error::ApiError;
use crate::auth::{Identity, Role};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Requests per second allowed; 0: no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    pub officer: u32,
    pub screener: u32,
    pub admin: u32,
    /// Per client IP, before authentication.
    pub ip: u32,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            officer: 100,
            screener: 20,
            admin: 20,
            ip: 500,
        }
    }
}

impl std::str::FromStr for Rates {
    type Err = String;

    /// `officer=100,screener=20,admin=20,ip=500` (any subset; the rest keep their defaults),
    /// or `off`.
    fn from_str(text: &str) -> Result<Rates, String> {
        if text == "off" {
            return Ok(Rates {
                officer: 0,
                screener: 0,
                admin: 0,
                ip: 0,
            });
        }
        let mut rates = Rates::default();
        for part in text.split(',') {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected NAME=PER_SECOND"))?;
            let value: u32 = value
                .parse()
                .map_err(|_| format!("{part:?}: {value:?} is not a whole number"))?;
            match name {
                "officer" => rates.officer = value,
                "screener" => rates.screener = value,
                "admin" => rates.admin = value,
                "ip" => rates.ip = value,
                other => {
                    return Err(format!(
                        "unknown rate {other:?}: officer, screener, admin or ip"
                    ))
                }
            }
        }
        Ok(rates)
    }
}

fn quota(per_second: u32) -> Option<Quota> {
    let rate = NonZeroU32::new(per_second)?;
    let burst = NonZeroU32::new(per_second.saturating_mul(2)).unwrap_or(rate);
    Some(Quota::per_second(rate).allow_burst(burst))
}

/// The limiters of a running service.
pub struct Limiters {
    rates: Rates,
    per_key: Mutex<HashMap<(String, Role), Arc<DefaultDirectRateLimiter>>>,
    per_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl Limiters {
    pub fn new(rates: Rates) -> Limiters {
        Limiters {
            rates,
            per_key: Mutex::new(HashMap::new()),
            per_ip: quota(rates.ip).map(DefaultKeyedRateLimiter::keyed),
        }
    }

    /// Whether `identity` may make one more request needing `role`; else how long to wait.
    pub fn check_key(&self, identity: &Identity, role: Role) -> Result<(), Duration> {
        if identity.is_global() {
            return Ok(());
        }
        let rate = match role {
            Role::Officer => self.rates.officer,
            Role::Screener => self.rates.screener,
            Role::Admin => self.rates.admin,
        };
        let Some(quota) = quota(rate) else {
            return Ok(());
        };
        let limiter = {
            let mut map = self.per_key.lock().unwrap_or_else(|e| e.into_inner());
            map.entry((identity.key_id.clone(), role))
                .or_insert_with(|| Arc::new(DefaultDirectRateLimiter::direct(quota)))
                .clone()
        };
        limiter
            .check()
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Whether `ip` may make one more request; else how long to wait.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Duration> {
        match &self.per_ip {
            Some(limiter) if !ip.is_loopback() => limiter
                .check_key(&ip)
                .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now())),
            _ => Ok(()),
        }
    }

    /// Forgets the IPs whose buckets are full again (run now and then: the map grows with
    /// every client otherwise).
    pub fn prune(&self) {
        if let Some(limiter) = &self.per_ip {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// `429 rate_limited` with `Retry-After`.
pub fn too_many(wait: Duration) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut r = rate_limited(secs).into_response();
    r.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&secs.max(1).to_string()).expect("digits"),
    );
    r
}

/// `429 rate_limited`, to retry in `secs` seconds.
pub fn rate_limited(secs: u64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("too many requests; retry in {secs} s"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(agency: &str) -> Identity {
        Identity {
            key_id: format!("{agency}-key"),
            agency: agency.into(),
            roles: Role::ALL.to_vec(),
        }
    }

    #[test]
    fn a_key_gets_its_roles_burst_then_waits_and_the_local_key_is_not_limited() {
        let limits = Limiters::new("officer=5,screener=1".parse().unwrap());
        let fra = identity("FRA-NCB");
        let ok = (0..20)
            .filter(|_| limits.check_key(&fra, Role::Officer).is_ok())
            .count();
        assert_eq!(ok, 10, "a burst of twice the rate");
        let wait = limits.check_key(&fra, Role::Officer).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(200),
            "{wait:?}"
        );
        // the screener quota of the same key is its own, and so is another key's
        assert!(limits.check_key(&fra, Role::Screener).is_ok());
        assert!(limits
            .check_key(&identity("DEU-NCB"), Role::Officer)
            .is_ok());
        let local = identity(crate::auth::local::LOCAL_AGENCY);
        assert!((0..100).all(|_| limits.check_key(&local, Role::Officer).is_ok()));
    }

    #[test]
    fn an_ip_gets_its_burst_and_loopback_is_not_limited() {
        let limits = Limiters::new("ip=3".parse().unwrap());
        let remote: IpAddr = "192.0.2.7".parse().unwrap();
        let ok = (0..20).filter(|_| limits.check_ip(remote).is_ok()).count();
        assert_eq!(ok, 6);
        assert!(limits.check_ip("192.0.2.8".parse().unwrap()).is_ok());
        assert!((0..100).all(|_| limits.check_ip("127.0.0.1".parse().unwrap()).is_ok()));
        limits.prune();
    }

    #[test]
    fn rates_parse_strictly() {
        assert_eq!("off".parse::<Rates>().unwrap().officer, 0);
        let r: Rates = "officer=7,ip=9".parse().unwrap();
        assert_eq!((r.officer, r.screener, r.ip), (7, 20, 9));
        assert!("oficer=7"
            .parse::<Rates>()
            .unwrap_err()
            .contains("unknown rate"));
        assert!("officer=many".parse::<Rates>().is_err());
        assert!("officer".parse::<Rates>().is_err());
    }
}
