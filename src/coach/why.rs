//! Why a question went wrong.
