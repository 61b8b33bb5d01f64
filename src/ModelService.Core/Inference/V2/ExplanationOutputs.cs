using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Explanations;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// An explanation as v2 outputs: <c>{output}:attributions</c> FP64 [rows, values per row, features] and
/// <c>{output}:baseline</c> FP64 [values per row], plus the response parameter <c>explanation</c> with the
/// method, the number of model evaluations (what the call is billed by) and the completeness gap found.
/// </summary>
internal static class ExplanationOutputs
{
    public const string ParameterName = "explanation";

    public static string AttributionsName(string output) => $"{output}:attributions";

    public static string BaselineName(string output) => $"{output}:baseline";

    public static IReadOnlyList<ResponseOutput> Create(Explanation explanation, bool binary, List<IDisposable> owned)
    {
        var attributions = OrtValue.CreateTensorValueFromMemory(explanation.Attributions, [explanation.Rows, explanation.OutputsPerRow, explanation.Features]);
        owned.Add(attributions);
        var baseline = OrtValue.CreateTensorValueFromMemory(explanation.BaselineOutput, [explanation.OutputsPerRow]);
        owned.Add(baseline);
        return [
            ResponseOutput.Of(AttributionsName(explanation.OutputName), attributions, binary),
            ResponseOutput.Of(BaselineName(explanation.OutputName), baseline, binary),
        ];
    }

    /// <summary>The request's parameters with <c>explanation</c> added, for the response.</summary>
    public static RequestParameters WithSummary(RequestParameters parameters, Explanation explanation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method", ExplanationParameters.NameOf(explanation.Method));
            writer.WriteString("output", explanation.OutputName);
            writer.WriteString("attributions", AttributionsName(explanation.OutputName));
            writer.WriteString("baseline_output", BaselineName(explanation.OutputName));
            writer.WriteNumber("evaluations", explanation.Evaluations);
            writer.WriteNumber("completeness_gap", explanation.CompletenessGap);
            writer.WriteEndObject();
        }

        return parameters with { PassedThrough = [.. parameters.PassedThrough, new(ParameterName, buffer.ToArray())] };
    }
}
