//! placeholder until the generator lands
pub struct SynthSummary {
    pub files: Vec<std::path::PathBuf>,
    pub persons: u64,
    pub documents: u64,
}
pub fn write_feeds(_: &std::path::Path, _: u64, _: u64, _: u64) -> std::io::Result<SynthSummary> {
    Err(std::io::Error::other("todo"))
}
pub fn write_queries(_: &std::path::Path, _: u64, _: u64, _: u64, _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other("todo"))
}
