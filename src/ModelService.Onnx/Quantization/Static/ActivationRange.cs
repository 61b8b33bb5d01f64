namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// The float range an activation is quantized over, widened to hold 0 so that zero (padding, ReLU's floor) is exact.
/// <see cref="Scale"/> and <see cref="ZeroPoint"/> give the uint8 asymmetric encoding ONNX Runtime uses for
/// activations: real = (q − zero point) × scale.
/// </summary>
internal readonly record struct ActivationRange(float Min, float Max)
{
    public float Scale => High - Low > 0 ? (High - Low) / 255f : 1f;

    public byte ZeroPoint => High - Low > 0 ? (byte)Math.Clamp(MathF.Round(-Low / Scale, MidpointRounding.ToEven), 0, 255) : (byte)0;

    private float Low => MathF.Min(Min, 0f);

    private float High => MathF.Max(Max, 0f);
}
