using ModelService.Onnx.Protobuf;
namespace ModelService.Onnx;
public enum QuantizationKind { None, Float16, DynamicInt8, StaticQdq, QOperator, WeightOnly4Bit, Mixed }
public static class QuantizationDetector { public static QuantizationKind Detect(ModelProto model) => QuantizationKind.None; }
public sealed class OnnxFormatException : Exception { public OnnxFormatException(string m) : base(m) { } }
public static class OnnxModelReader { public static ModelProto ReadFile(string path) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)); }
