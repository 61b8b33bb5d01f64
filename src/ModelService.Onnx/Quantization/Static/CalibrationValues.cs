using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Quantization.Calibration;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>Calibration tensors as ONNX Runtime values, for the calibration runs.</summary>
internal static class CalibrationValues
{
    public static OrtValue Create(CalibrationTensor tensor) => tensor.Data switch
    {
        float[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        double[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        long[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        int[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        bool[] data => OrtValue.CreateTensorValueFromMemory(data, tensor.Shape),
        _ => throw new FormatException($"Calibration input '{tensor.Name}' holds {tensor.Data.GetType().Name}, which is not supported."),
    };
}
