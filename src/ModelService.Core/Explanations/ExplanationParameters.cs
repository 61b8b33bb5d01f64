using System.Text.Json;
using ModelService.Core.Errors;

namespace ModelService.Core.Explanations;

/// <summary>
/// The request parameters that ask for an explanation: <c>explain</c> (true), and optionally
/// <c>explain_method</c> (<c>kernel_shap</c>, the default, or <c>integrated_gradients</c>),
/// <c>explain_output</c> and <c>explain_baseline</c> (one number per feature).
/// </summary>
public static class ExplanationParameters
{
    public const string Explain = "explain";
    public const string Method = "explain_method";
    public const string Output = "explain_output";
    public const string Baseline = "explain_baseline";
    public const string KernelShapName = "kernel_shap";
    public const string IntegratedGradientsName = "integrated_gradients";

    public static bool IsExplanationParameter(string name) => name is Explain or Method or Output or Baseline;

    /// <summary>The request, or null when <c>explain</c> is absent or false; the other parameters without <c>explain</c> are refused.</summary>
    public static ExplanationRequest? From(IEnumerable<KeyValuePair<string, byte[]>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, json) in parameters.Where(p => IsExplanationParameter(p.Key)))
        {
            raw[name] = json;
        }

        var asked = raw.TryGetValue(Explain, out var flag) && ReadFlag(flag);
        if (!asked)
        {
            var stray = raw.Keys.FirstOrDefault(k => k != Explain);
            return stray is null ? null : throw Invalid($"'{stray}' is only allowed with \"explain\": true.");
        }

        var method = raw.TryGetValue(Method, out var methodJson) ? ReadMethod(methodJson) : ExplanationMethod.KernelShap;
        var output = raw.TryGetValue(Output, out var outputJson) ? ReadString(outputJson, Output) : null;
        var baseline = raw.TryGetValue(Baseline, out var baselineJson) ? ReadNumbers(baselineJson) : null;
        return new ExplanationRequest(method, output, baseline);
    }

    public static string NameOf(ExplanationMethod method) => method == ExplanationMethod.KernelShap ? KernelShapName : IntegratedGradientsName;

    private static bool ReadFlag(byte[] json) => json.AsSpan().SequenceEqual("true"u8) || (json.AsSpan().SequenceEqual("false"u8)
        ? false
        : throw Invalid($"'{Explain}' must be true or false."));

    private static ExplanationMethod ReadMethod(byte[] json) => ReadString(json, Method) switch
    {
        KernelShapName => ExplanationMethod.KernelShap,
        IntegratedGradientsName => ExplanationMethod.IntegratedGradients,
        _ => throw Invalid($"'{Method}' must be \"{KernelShapName}\" or \"{IntegratedGradientsName}\"."),
    };

    private static string ReadString(byte[] json, string name)
    {
        using var document = Parse(json, name);
        return document.RootElement.ValueKind == JsonValueKind.String
            ? document.RootElement.GetString()!
            : throw Invalid($"'{name}' must be a string.");
    }

    private static double[] ReadNumbers(byte[] json)
    {
        using var document = Parse(json, Baseline);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
        {
            throw Invalid($"'{Baseline}' must be an array of numbers, one per feature.");
        }

        return [.. root.EnumerateArray().Select(e => e.GetDouble())];
    }

    private static JsonDocument Parse(byte[] json, string name)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"'{name}' is not valid JSON.", exception);
        }
    }

    internal static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
