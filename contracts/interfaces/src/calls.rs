//! Cross-contract call outcomes, flattened to the caller's own error type.

/// A cross-contract call's raw outcome: the environment's error, ink!'s dispatch result, the value.
pub type CallResult<T> = core::result::Result<ink::MessageResult<T>, ink::env::Error>;

/// An error type that can say "the call failed at the environment level" (trap, out of gas, no
/// such contract or message).
pub trait CallFailure {
    fn call_failed() -> Self;
}

/// A call returning `Result<T, E>`: an environment failure becomes `F::call_failed()`, the
/// callee's typed error is kept, converted into the caller's.
pub fn checked<T, E, F>(r: CallResult<core::result::Result<T, E>>) -> core::result::Result<T, F>
where
    F: From<E> + CallFailure,
{
    match r {
        Ok(Ok(Ok(v))) => Ok(v),
        Ok(Ok(Err(e))) => Err(e.into()),
        _ => Err(F::call_failed()),
    }
}

/// A call returning a plain value.
pub fn plain<T, F: CallFailure>(r: CallResult<T>) -> core::result::Result<T, F> {
    match r {
        Ok(Ok(v)) => Ok(v),
        _ => Err(F::call_failed()),
    }
}
