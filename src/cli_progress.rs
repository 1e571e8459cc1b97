//! Progress of long commands (`ingest`, `screen`, `synth`, `eval`) on stderr: a bar when
//! stderr is a terminal, nothing at all otherwise (a log file or a pipe gets no bar, no
//! carriage returns, no escape sequences). Every command gets its bar here.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps, drawn as `template` (an indicatif template), visible only when
/// stderr is a terminal. `len` 0 draws a spinner instead (the total is not known).
pub fn bar(len: u64, template: &str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target((len > 0).then_some(len), target);
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if len == 0 {
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    bar
}

/// A spinner naming the step under way (`synth`, `eval`: their steps do not report progress).
pub fn steps(first: &str) -> ProgressBar {
    let bar = bar(0, "{spinner} {elapsed} {msg}");
    bar.set_message(first.to_string());
    bar
}
