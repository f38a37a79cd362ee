//! Signals that end an interactive command: Ctrl-C sent from outside (SIGINT), SIGTERM, and
//! SIGHUP (the terminal was closed). Each ends the program the same way: the terminal is
//! given back (raw mode off, alternate screen left, cursor shown) and the exit status is
//! 128 + the signal (130, 143, 129). Nothing answered is lost by ending here: an answer is
//! committed before its feedback, and a mock test's answers as they change (the test can
//! be resumed). Ctrl-C typed at the keyboard reaches a screen in raw mode as a key, and
//! each screen handles it itself.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Once, OnceLock};

/// Installs the handlers that end the program, once per process: for SIGTERM and SIGHUP,
/// and for SIGINT too (screens in raw mode get a typed Ctrl-C as a key; a SIGINT then
/// comes from outside).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        super::screen::install_panic_hook();
        platform::install(true);
    });
}

/// For line-mode prompts that read in cooked mode (the `add` form, through dialoguer):
/// SIGTERM and SIGHUP end the program as [`install`] does, while Ctrl-C only sets the
/// returned flag, and the prompt being read returns an interruption, so the form can say
/// it stopped.
pub fn interrupt_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    Arc::clone(FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        super::screen::install_panic_hook();
        platform::install(false);
        platform::flag_on_interrupt(&flag);
        flag
    }))
}

#[cfg(unix)]
mod platform {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    pub(super) fn flag_on_interrupt(flag: &std::sync::Arc<std::sync::atomic::AtomicBool>) {
        let _ = signal_hook::flag::register(SIGINT, std::sync::Arc::clone(flag));
    }

    pub(super) fn install(with_interrupt: bool) {
        // If the handlers cannot be installed, the default actions stay: the program ends
        // without giving the terminal back, which `reset` repairs. Nothing is lost either way.
        let wanted: &[i32] = if with_interrupt {
            &[SIGINT, SIGTERM, SIGHUP]
        } else {
            &[SIGTERM, SIGHUP]
        };
        let Ok(mut signals) = Signals::new(wanted) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                super::super::screen::restore();
                let name = match signal {
                    SIGINT => "interrupted",
                    SIGTERM => "stopped (SIGTERM)",
                    _ => "the terminal was closed (SIGHUP)",
                };
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr(),
                    "upsc: {name}; every answer given is saved"
                );
                std::process::exit(128 + signal);
            }
        });
    }
}

#[cfg(not(unix))]
mod platform {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, OnceLock};

    /// Set when Ctrl-C should only raise a flag (the `add` form).
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

    pub fn flag_on_interrupt(flag: &Arc<AtomicBool>) {
        let _ = FLAG.set(Arc::clone(flag));
    }

    pub fn install(_with_interrupt: bool) {
        let _ = ctrlc::set_handler(|| {
            if let Some(flag) = FLAG.get() {
                flag.store(true, Ordering::SeqCst);
                return;
            }
            super::super::screen::restore();
            std::process::exit(130);
        });
    }
}
