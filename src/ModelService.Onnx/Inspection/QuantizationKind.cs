namespace ModelService.Onnx.Inspection;

/// <summary>How a model's weights and arithmetic are quantized, as read from its graph.</summary>
public enum QuantizationKind
{
    None,
    Float16,
    DynamicInt8,
    StaticQdq,
    QOperator,
    WeightOnly4Bit,
    Mixed,
}
