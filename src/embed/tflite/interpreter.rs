//! [`Interpreter`]: a model with its delegates, ready to run, and the [`TensorInfo`] it reads
//! from its input and output tensors.

use std::ffi::c_int;
use std::path::Path;
use std::sync::Arc;

use super::api::{RawInterpreter, RawTensor, STATUS_OK, Status, cstr_lossy};
use super::reporter::{Reporter, report};
use super::{Delegate, Model, Runtime, TfliteError, runtime_log};

/// Element type of a tensor (the subset cbrd uses, others kept by code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorType {
    /// `kTfLiteFloat32`
    Float32,
    /// `kTfLiteUInt8`
    UInt8,
    /// `kTfLiteInt8`
    Int8,
    /// Any other `TfLiteType` code.
    Other(i32),
}

impl TensorType {
    fn from_code(code: c_int) -> TensorType {
        match code {
            1 => TensorType::Float32,
            3 => TensorType::UInt8,
            9 => TensorType::Int8,
            c => TensorType::Other(c),
        }
    }
}

impl std::fmt::Display for TensorType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TensorType::Float32 => f.write_str("float32"),
            TensorType::UInt8 => f.write_str("uint8"),
            TensorType::Int8 => f.write_str("int8"),
            TensorType::Other(c) => write!(f, "TfLiteType({c})"),
        }
    }
}

/// Static facts of a tensor, read from the interpreter.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorInfo {
    /// Tensor name in the model.
    pub name: String,
    pub dtype: TensorType,
    pub shape: Vec<usize>,
    /// Size of the data in bytes.
    pub byte_size: usize,
    /// Affine quantisation `(scale, zero_point)`, if the tensor is quantised.
    pub quant: Option<(f32, i32)>,
}

/// A TFLite interpreter with its model and delegates.
pub struct Interpreter {
    rt: Arc<Runtime>,
    raw: *mut RawInterpreter,
    reporter: Box<Reporter>,
    // Dropped after `raw` is deleted (Drop runs first, then fields in order).
    delegates: Vec<Delegate>,
    model: Arc<Model>,
}

// SAFETY: an interpreter may be moved to another thread; it is never shared (&mut for use).
unsafe impl Send for Interpreter {}

impl Interpreter {
    /// Creates an interpreter with `threads` CPU threads and the given delegates (applied in
    /// order), and allocates its tensors.
    pub fn new(
        model: &Arc<Model>,
        threads: usize,
        delegates: Vec<Delegate>,
    ) -> Result<Interpreter, TfliteError> {
        let rt = model.rt.clone();
        let api = &rt.api;
        let reporter = Box::new(Reporter::default());
        // SAFETY: plain constructor.
        let opts = unsafe { (api.options_create)() };
        if opts.is_null() {
            return Err(TfliteError::InterpreterCreate {
                path: model.path.clone(),
                messages: "TfLiteInterpreterOptionsCreate returned NULL".into(),
            });
        }
        // SAFETY: opts is valid; the reporter box outlives the interpreter (same struct); the
        // delegates outlive it too (dropped after it).
        let raw = unsafe {
            (api.options_set_num_threads)(opts, i32::try_from(threads).unwrap_or(i32::MAX));
            if let Some(set) = api.options_set_error_reporter {
                set(
                    opts,
                    report,
                    (&*reporter as *const Reporter).cast_mut().cast(),
                );
            }
            for d in &delegates {
                (api.options_add_delegate)(opts, d.raw);
            }
            let raw = runtime_log::capture(|| (api.interpreter_create)(model.raw, opts));
            (api.options_delete)(opts);
            raw
        };
        if raw.is_null() {
            return Err(TfliteError::InterpreterCreate {
                path: model.path.clone(),
                messages: reporter.take(),
            });
        }
        let mut it = Interpreter {
            rt,
            raw,
            reporter,
            delegates,
            model: model.clone(),
        };
        // SAFETY: raw is a live interpreter.
        let st = unsafe { (it.rt.api.interpreter_allocate)(it.raw) };
        it.check(st, "TfLiteInterpreterAllocateTensors")?;
        Ok(it)
    }

    fn check(&mut self, status: Status, call: &'static str) -> Result<(), TfliteError> {
        if status == STATUS_OK {
            Ok(())
        } else {
            Err(TfliteError::Status {
                call,
                status,
                messages: self.reporter.take(),
            })
        }
    }

    pub fn delegate_names(&self) -> Vec<String> {
        self.delegates
            .iter()
            .map(|d| d.name().to_string())
            .collect()
    }

    pub fn input_count(&self) -> usize {
        // SAFETY: live interpreter.
        usize::try_from(unsafe { (self.rt.api.interpreter_input_count)(self.raw) }).unwrap_or(0)
    }

    pub fn output_count(&self) -> usize {
        // SAFETY: live interpreter.
        usize::try_from(unsafe { (self.rt.api.interpreter_output_count)(self.raw) }).unwrap_or(0)
    }

    fn input_ptr(&self, i: usize) -> Result<*mut RawTensor, TfliteError> {
        if i >= self.input_count() {
            return Err(TfliteError::Tensor(format!(
                "model has no input tensor {i}"
            )));
        }
        // SAFETY: index checked above.
        let t = unsafe { (self.rt.api.interpreter_input)(self.raw, i as i32) };
        if t.is_null() {
            return Err(TfliteError::Tensor(format!("input tensor {i} is NULL")));
        }
        Ok(t)
    }

    fn output_ptr(&self, i: usize) -> Result<*const RawTensor, TfliteError> {
        if i >= self.output_count() {
            return Err(TfliteError::Tensor(format!(
                "model has no output tensor {i}"
            )));
        }
        // SAFETY: index checked above.
        let t = unsafe { (self.rt.api.interpreter_output)(self.raw, i as i32) };
        if t.is_null() {
            return Err(TfliteError::Tensor(format!("output tensor {i} is NULL")));
        }
        Ok(t)
    }

    fn info(&self, t: *const RawTensor) -> TensorInfo {
        let api = &self.rt.api;
        // SAFETY: t is a live tensor of this interpreter.
        unsafe {
            let dims = (0..(api.tensor_num_dims)(t).max(0))
                .map(|d| usize::try_from((api.tensor_dim)(t, d)).unwrap_or(0))
                .collect();
            let q = (api.tensor_quant)(t);
            TensorInfo {
                name: cstr_lossy((api.tensor_name)(t)),
                dtype: TensorType::from_code((api.tensor_type)(t)),
                shape: dims,
                byte_size: (api.tensor_byte_size)(t),
                quant: (q.scale != 0.0).then_some((q.scale, q.zero_point)),
            }
        }
    }

    /// Facts of input tensor `i`.
    pub fn input_info(&self, i: usize) -> Result<TensorInfo, TfliteError> {
        Ok(self.info(self.input_ptr(i)?))
    }

    /// Facts of output tensor `i`.
    pub fn output_info(&self, i: usize) -> Result<TensorInfo, TfliteError> {
        Ok(self.info(self.output_ptr(i)?))
    }

    /// The bytes of input tensor `i`, to be filled before [`Interpreter::invoke`].
    pub fn input_bytes_mut(&mut self, i: usize) -> Result<&mut [u8], TfliteError> {
        let t = self.input_ptr(i)?;
        // SAFETY: t is live; data points to byte_size bytes owned by the interpreter, which is
        // borrowed mutably for the slice's lifetime.
        unsafe {
            let p = (self.rt.api.tensor_data)(t) as *mut u8;
            let n = (self.rt.api.tensor_byte_size)(t);
            if p.is_null() {
                return Err(TfliteError::Tensor(format!(
                    "input tensor {i} has no data buffer"
                )));
            }
            Ok(std::slice::from_raw_parts_mut(p, n))
        }
    }

    /// The bytes of output tensor `i` after [`Interpreter::invoke`].
    pub fn output_bytes(&self, i: usize) -> Result<&[u8], TfliteError> {
        let t = self.output_ptr(i)?;
        // SAFETY: as for input_bytes_mut, shared borrow.
        unsafe {
            let p = (self.rt.api.tensor_data)(t) as *const u8;
            let n = (self.rt.api.tensor_byte_size)(t);
            if p.is_null() {
                return Err(TfliteError::Tensor(format!(
                    "output tensor {i} has no data buffer"
                )));
            }
            Ok(std::slice::from_raw_parts(p, n))
        }
    }

    pub fn invoke(&mut self) -> Result<(), TfliteError> {
        // SAFETY: live interpreter with allocated tensors.
        let st = unsafe { (self.rt.api.interpreter_invoke)(self.raw) };
        self.check(st, "TfLiteInterpreterInvoke")
    }

    /// The model this interpreter runs.
    pub fn model_path(&self) -> &Path {
        &self.model.path
    }
}

impl Drop for Interpreter {
    fn drop(&mut self) {
        // SAFETY: raw came from TfLiteInterpreterCreate and is deleted once, before the
        // delegates and the model (struct fields) are dropped.
        unsafe { (self.rt.api.interpreter_delete)(self.raw) }
    }
}
