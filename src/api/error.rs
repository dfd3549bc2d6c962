//! [`ApiError`], and the one place where the daemon's typed answers become HTTP status codes.

use crate::request::RequestError;

/// An error with its HTTP status.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Message.
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

/// The one place where the daemon's answers become HTTP status codes.
impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> ApiError {
        use crate::index::IndexError as I;
        use crate::index::store::StoreError as S;
        let status = match &e {
            RequestError::Frozen
            | RequestError::Busy
            | RequestError::Cancelled
            | RequestError::NoLastClass
            | RequestError::LastClassRemoved => 409,
            RequestError::EnrollFailed(_) => 422,
            RequestError::NoSuchClass(_) | RequestError::NoSuchSample { .. } => 404,
            RequestError::Index(I::BadLabel { .. } | I::Dimension { .. }) => 400,
            RequestError::Index(I::NoSuchClass(_) | I::NoSuchSample(_)) => 404,
            RequestError::Index(I::ClassExists(_)) => 409,
            RequestError::Store(S::NoSpace { .. }) => 507,
            RequestError::Store(_) => 500,
            RequestError::Stopping => 503,
        };
        ApiError::new(status, e.to_string())
    }
}
