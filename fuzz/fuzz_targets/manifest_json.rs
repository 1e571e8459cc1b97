#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| frontline::fuzzing::manifest_json(data));
