//! Typed errors for reading feeds. Each says where the input went wrong and what was
//! expected; views and the command-line tool print them verbatim via `Display`.

use std::fmt;

/// Why a feed could not be read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FeedError {
    /// The bytes are not valid JSON, or JSON of the wrong shape.
    Json {
        /// JSON path of the offending value (`incidents[3].updates[0].created_at`), or `.`
        /// for the document itself; empty in builds without the `json-paths` feature.
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The bytes are not well-formed XML, or XML of the wrong shape.
    Xml {
        /// Byte offset into the input.
        position: u64,
        message: String,
    },
    /// Well-formed input whose content breaks a rule of its format.
    Invalid { path: String, message: String },
    /// A Statuslight feed of a version this build does not read.
    UnsupportedVersion { found: String },
    /// The input is none of the formats Statuslight reads.
    UnknownFormat { hint: String },
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Json {
                path,
                line,
                column,
                message,
            } if path.is_empty() => write!(
                f,
                "JSON error at line {line}, column {column}: {message}"
            ),
            FeedError::Json {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "JSON error at {path} (line {line}, column {column}): {message}"
            ),
            FeedError::Xml { position, message } => {
                write!(f, "XML error at byte {position}: {message}")
            }
            FeedError::Invalid { path, message } => write!(f, "invalid feed at {path}: {message}"),
            FeedError::UnsupportedVersion { found } => write!(
                f,
                "unsupported feed version {found:?}: this build reads \"statuslight/1\""
            ),
            FeedError::UnknownFormat { hint } => write!(
                f,
                "not a feed Statuslight reads (Statuslight JSON, Statuspage v2 JSON, Atom or RSS): {hint}"
            ),
        }
    }
}

impl std::error::Error for FeedError {}

/// Deserialize JSON into `T`, turning any failure into a [`FeedError::Json`] that carries
/// the JSON path of the value that failed (with the `json-paths` feature; without it the
/// path is empty and the line and column say where).
pub fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, FeedError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    #[cfg(feature = "json-paths")]
    let result = serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        (path, err.into_inner())
    });
    #[cfg(not(feature = "json-paths"))]
    let result = serde::Deserialize::deserialize(de).map_err(|err| (String::new(), err));
    result.map_err(|(path, inner)| FeedError::Json {
        path,
        line: inner.line(),
        column: inner.column(),
        message: inner.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_say_where() {
        let err = from_json::<Vec<u32>>(b"[1,\n \"two\"]").unwrap_err();
        let FeedError::Json {
            path, line, column, ..
        } = &err
        else {
            panic!("expected a JSON error, got {err:?}");
        };
        assert_eq!((*line, *column), (2, 6));
        let shown = err.to_string();
        if cfg!(feature = "json-paths") {
            assert_eq!(path, "[1]");
            assert!(
                shown.starts_with("JSON error at [1] (line 2, column 6): "),
                "{shown}"
            );
        } else {
            assert_eq!(path, "");
            assert!(
                shown.starts_with("JSON error at line 2, column 6: "),
                "{shown}"
            );
        }
    }
}
