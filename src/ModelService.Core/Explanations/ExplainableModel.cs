using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Registry;

namespace ModelService.Core.Explanations;

/// <summary>
/// The shape of a model that can be explained: one input of rank 2 ([batch, features], FP32 or FP64) and the
/// floating-point output whose values per row are explained. Anything else is refused with a 400 that says why.
/// </summary>
public sealed record ExplainableModel(string InputName, TensorElementType InputType, long FixedBatch, string OutputName)
{
    public static ExplainableModel Of(ModelSignature signature, string? output)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Inputs is not [var input])
        {
            throw ExplanationParameters.Invalid($"Explanations need a model with one flat numeric input; this one takes {signature.Inputs.Count}.");
        }

        var inputType = input.Datatype switch
        {
            "FP32" => TensorElementType.Float,
            "FP64" => TensorElementType.Double,
            _ => throw ExplanationParameters.Invalid($"Explanations need a flat numeric input (FP32 or FP64 [batch, features]); input '{input.Name}' is {input.Datatype}."),
        };
        if (input.Shape.Count != 2)
        {
            throw ExplanationParameters.Invalid($"Explanations need a flat numeric input of shape [batch, features]; input '{input.Name}' has rank {input.Shape.Count}.");
        }

        return new ExplainableModel(input.Name, inputType, input.Shape[0], OutputOf(signature, output).Name);
    }

    private static TensorSpec OutputOf(ModelSignature signature, string? name)
    {
        if (name is null)
        {
            return signature.Outputs.FirstOrDefault(IsFloating)
                ?? throw ExplanationParameters.Invalid("Explanations need a floating-point output (FP32 or FP64); this model has none.");
        }

        var spec = signature.Outputs.FirstOrDefault(o => o.Name == name)
            ?? throw ExplanationParameters.Invalid($"'{ExplanationParameters.Output}': the model has no output '{name}'.");
        return IsFloating(spec) ? spec : throw ExplanationParameters.Invalid($"'{ExplanationParameters.Output}': output '{name}' is {spec.Datatype}; only FP32 or FP64 outputs can be explained.");
    }

    private static bool IsFloating(TensorSpec spec) => spec.Datatype is "FP32" or "FP64";
}
