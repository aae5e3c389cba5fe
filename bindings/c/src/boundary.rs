//! The only unsafe code of the binding: turning C pointers into Rust references and slices
//! after checking them, and catching panics so that none crosses the FFI boundary.
//!
//! These helpers are safe functions over raw pointers. Their soundness rests on the contract
//! every function in `xmpp_wire.h` states: a non-NULL pointer points to a live object of its
//! type (or to `len` readable bytes) for the duration of the call, and is not used by another
//! thread meanwhile. What can be checked is checked: NULL, alignment, and lengths above
//! `isize::MAX` are reported as statuses instead.

use core::ffi::c_char;
use core::mem::MaybeUninit;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::status::xmpp_wire_status;

/// The result of a function body: `Err` carries the status to return.
pub(crate) type Outcome = Result<(), xmpp_wire_status>;

/// Runs an exported function's body, turning a panic into `XMPP_WIRE_STATUS_PANIC`.
pub(crate) fn run(body: impl FnOnce() -> Outcome) -> xmpp_wire_status {
    // A panic leaves the objects the body touched in an unknown state; the status tells the
    // caller to free them and nothing else, so no broken invariant is observed later.
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => xmpp_wire_status::Ok,
        Ok(Err(status)) => status,
        Err(_) => xmpp_wire_status::Panic,
    }
}

/// Runs a body that returns a value, with `fallback` if it panics.
pub(crate) fn run_or<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Fails unless `ptr` is non-NULL and aligned for `T`.
fn check<T>(ptr: *const T) -> Outcome {
    if ptr.is_null() {
        Err(xmpp_wire_status::NullArgument)
    } else if !ptr.is_aligned() {
        Err(xmpp_wire_status::InvalidArgument)
    } else {
        Ok(())
    }
}

/// A shared reference to the object `ptr` points to.
pub(crate) fn get<'a, T>(ptr: *const T) -> Result<&'a T, xmpp_wire_status> {
    check(ptr)?;
    // SAFETY: non-NULL and aligned (checked above); the C contract says it points to a live `T`
    // that nobody mutates during this call.
    Ok(unsafe { &*ptr })
}

/// An exclusive reference to the object `ptr` points to.
pub(crate) fn get_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, xmpp_wire_status> {
    check(ptr)?;
    // SAFETY: non-NULL and aligned (checked above); the C contract says it points to a live `T`
    // that no other reference or thread uses during this call.
    Ok(unsafe { &mut *ptr })
}

/// An out-parameter: checked now, written (only on success) later with `MaybeUninit::write`,
/// since the caller's memory may hold anything before.
pub(crate) fn out<'a, T>(ptr: *mut T) -> Result<&'a mut MaybeUninit<T>, xmpp_wire_status> {
    check(ptr)?;
    // SAFETY: non-NULL and aligned (checked above); the C contract says it points to writable
    // memory for a `T` that nothing else uses during this call. `MaybeUninit` asks no more:
    // its contents are never read.
    Ok(unsafe { &mut *ptr.cast::<MaybeUninit<T>>() })
}

/// An optional out-parameter: `None` for NULL.
pub(crate) fn out_opt<'a, T>(
    ptr: *mut T,
) -> Result<Option<&'a mut MaybeUninit<T>>, xmpp_wire_status> {
    if ptr.is_null() {
        Ok(None)
    } else {
        out(ptr).map(Some)
    }
}

/// Fails for a length no Rust slice may have.
fn check_len(len: usize) -> Outcome {
    if len > isize::MAX as usize {
        Err(xmpp_wire_status::InvalidArgument)
    } else {
        Ok(())
    }
}

/// The `len` bytes at `ptr`. NULL is allowed when `len` is 0, as for `memcpy`-style APIs.
pub(crate) fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], xmpp_wire_status> {
    check_len(len)?;
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(xmpp_wire_status::NullArgument);
    }
    // SAFETY: non-NULL, `len` fits `isize` (checked above); the C contract says `ptr` points to
    // `len` readable bytes that nobody writes during this call. `u8` needs no alignment.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// The `len` writable bytes at `ptr`. NULL is allowed when `len` is 0.
pub(crate) fn bytes_mut<'a>(ptr: *mut u8, len: usize) -> Result<&'a mut [u8], xmpp_wire_status> {
    check_len(len)?;
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(xmpp_wire_status::NullArgument);
    }
    // SAFETY: non-NULL, `len` fits `isize` (checked above); the C contract says `ptr` points to
    // `len` writable bytes that nothing else uses during this call. Callers only write them:
    // the slice is first filled, so reading what C left there never happens.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
}

/// The UTF-8 string of `len` bytes at `ptr` (`char` is a byte in C).
pub(crate) fn str<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, xmpp_wire_status> {
    core::str::from_utf8(bytes(ptr.cast(), len)?).map_err(|_| xmpp_wire_status::InvalidUtf8)
}

/// An optional string: `None` when `ptr` is NULL and `len` is 0.
pub(crate) fn opt_str<'a>(
    ptr: *const c_char,
    len: usize,
) -> Result<Option<&'a str>, xmpp_wire_status> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(None)
        } else {
            Err(xmpp_wire_status::InvalidArgument)
        };
    }
    str(ptr, len).map(Some)
}

/// Moves `value` to the heap and hands ownership to C.
pub(crate) fn into_raw<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back and drops an object made by [`into_raw`]; NULL does nothing, like `free`.
pub(crate) fn drop_raw<T>(ptr: *mut T) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: the C contract for every `_free` function: `ptr` came from the matching `_new`
    // (so from `into_raw::<T>`) and is freed once, after its last use.
    drop(unsafe { Box::from_raw(ptr) });
}

/// A pointer to a static string that ends in NUL, for `const char *` results.
pub(crate) fn static_c_str(s: &'static str) -> *const c_char {
    debug_assert!(s.ends_with('\0'));
    s.as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status() {
        assert_eq!(run(|| panic!("a bug")), xmpp_wire_status::Panic);
        assert_eq!(
            run(|| Err(xmpp_wire_status::NotFound)),
            xmpp_wire_status::NotFound
        );
        assert_eq!(run(|| Ok(())), xmpp_wire_status::Ok);
        assert_eq!(run_or(7, || panic!("a bug")), 7);
    }

    #[test]
    fn pointers_and_lengths_are_checked() {
        assert_eq!(
            get::<u64>(core::ptr::null()).err(),
            Some(xmpp_wire_status::NullArgument)
        );
        let words = [0u64; 2];
        let misaligned = words.as_ptr().cast::<u8>().wrapping_add(1).cast::<u64>();
        assert_eq!(
            get(misaligned).err(),
            Some(xmpp_wire_status::InvalidArgument)
        );
        assert_eq!(bytes(core::ptr::null(), 0), Ok(&[][..]));
        assert_eq!(
            bytes(core::ptr::null(), 1).err(),
            Some(xmpp_wire_status::NullArgument)
        );
        assert_eq!(
            bytes(b"x".as_ptr(), usize::MAX).err(),
            Some(xmpp_wire_status::InvalidArgument)
        );
        assert_eq!(
            str(b"\xff".as_ptr().cast(), 1).err(),
            Some(xmpp_wire_status::InvalidUtf8)
        );
        assert_eq!(opt_str(core::ptr::null(), 0), Ok(None));
        assert_eq!(
            opt_str(core::ptr::null(), 1).err(),
            Some(xmpp_wire_status::InvalidArgument)
        );
    }
}
