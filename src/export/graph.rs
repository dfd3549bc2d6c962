//! [`Graph`]: appends tensors, constant buffers, operator codes and operators to the one
//! subgraph of a TFLite model, and the int8 quantisation of constant data.

use tflite_fbs::tflite as fb;

/// Appends tensors, buffers, operator codes and operators to a model.
pub(super) struct Graph {
    pub(super) model: fb::Model,
    /// Operators appended so far.
    pub(super) added: usize,
}

impl Graph {
    pub(super) fn sg(&mut self) -> &mut fb::SubGraph {
        &mut self.model.subgraphs.get_or_insert_with(Vec::new)[0]
    }

    pub(super) fn buffer(&mut self, data: Vec<u8>) -> u32 {
        let buffers = self.model.buffers.get_or_insert_with(Vec::new);
        if buffers.is_empty() {
            buffers.push(fb::Buffer::default()); // buffer 0: the empty sentinel
        }
        buffers.push(fb::Buffer { data: Some(data) });
        (buffers.len() - 1) as u32
    }

    pub(super) fn tensor(
        &mut self,
        name: &str,
        shape: &[usize],
        ty: fb::TensorType,
        buffer: u32,
        quant: Option<(f32, i64)>,
    ) -> i32 {
        let quantization = quant.map(|(scale, zero)| {
            Box::new(fb::QuantizationParameters {
                scale: Some(vec![scale]),
                zero_point: Some(vec![zero]),
                ..Default::default()
            })
        });
        let tensors = self.sg().tensors.get_or_insert_with(Vec::new);
        tensors.push(fb::Tensor {
            shape: Some(shape.iter().map(|&d| d as i32).collect()),
            type_: ty,
            buffer,
            name: Some(name.to_string()),
            quantization,
            ..Default::default()
        });
        (tensors.len() - 1) as i32
    }

    /// DEQUANTIZE of `x` (int8 → version 2, uint8 → 1) into a new float32 tensor.
    pub(super) fn dequantize(
        &mut self,
        x: i32,
        name: &str,
        shape: &[usize],
        from: fb::TensorType,
    ) -> i32 {
        let f = self.tensor(name, shape, fb::TensorType::Float32, 0, None);
        let version = if from == fb::TensorType::Int8 { 2 } else { 1 };
        let options = Some(fb::BuiltinOptions::DequantizeOptions(Box::default()));
        self.op(
            fb::BuiltinOperator::Dequantize,
            version,
            vec![x],
            vec![f],
            options,
        );
        f
    }

    pub(super) fn constant_i32(&mut self, name: &str, shape: &[usize], values: &[i32]) -> i32 {
        let data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let b = self.buffer(data);
        self.tensor(name, shape, fb::TensorType::Int32, b, None)
    }

    pub(super) fn op(
        &mut self,
        code: fb::BuiltinOperator,
        version: i32,
        inputs: Vec<i32>,
        outputs: Vec<i32>,
        options: Option<fb::BuiltinOptions>,
    ) {
        let codes = self.model.operator_codes.get_or_insert_with(Vec::new);
        let opcode_index = match codes
            .iter()
            .position(|c| c.builtin_code == code && c.version == version && c.custom_code.is_none())
        {
            Some(i) => i,
            None => {
                codes.push(fb::OperatorCode {
                    deprecated_builtin_code: (code as i32).min(127) as i8,
                    builtin_code: code,
                    version,
                    custom_code: None,
                });
                codes.len() - 1
            }
        } as u32;
        self.sg()
            .operators
            .get_or_insert_with(Vec::new)
            .push(fb::Operator {
                opcode_index,
                inputs: Some(inputs),
                outputs: Some(outputs),
                builtin_options: options,
                ..Default::default()
            });
        self.added += 1;
    }
}

pub(super) fn max_abs(values: impl Iterator<Item = f32>) -> f32 {
    values.fold(0f32, |m, v| m.max(v.abs()))
}

pub(super) fn quantize(values: &[f32], scale: f32) -> Vec<u8> {
    values
        .iter()
        .map(|v| ((v / scale).round().clamp(-127.0, 127.0) as i8) as u8)
        .collect()
}
