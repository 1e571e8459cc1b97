//! Black-box tests of Frontline as its users see it: the real `frontline` binary, a real
//! on-disk index in a temporary directory, and HTTP over loopback. One test binary, shared
//! fixtures in `util`.

mod admin;
mod audit;
mod cli;
mod console;
mod edge;
mod ingest;
mod keys;
mod leaks;
mod observability;
mod openapi;
mod quality;
mod readme;
mod screening;
mod service;
mod tls;
mod util;
