namespace ModelService.Onnx;

/// <summary>Operator set domains the library treats specially.</summary>
public static class OnnxDomains
{
    /// <summary>The standard operator set; ONNX files may spell it as an empty string or as "ai.onnx".</summary>
    public const string Default = "ai.onnx";

    /// <summary>ONNX Runtime's contrib operators (MatMulNBits, QGemm, DynamicQuantizeMatMul, …).</summary>
    public const string Microsoft = "com.microsoft";

    public static bool IsDefault(string domain) => domain.Length == 0 || domain == Default;

    /// <summary>The name used in reports: the empty domain becomes "ai.onnx" so every key reads the same way.</summary>
    public static string Normalize(string domain) => domain.Length == 0 ? Default : domain;
}
