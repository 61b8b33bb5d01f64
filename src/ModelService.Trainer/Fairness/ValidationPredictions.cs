using Microsoft.ML.OnnxRuntime;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Fairness;

/// <summary>The published model's answers on the validation rows, from ONNX Runtime: what callers will get, quantization included.</summary>
public static class ValidationPredictions
{
    /// <summary>Predicted class index (classifiers) or value (regressors), one per row.</summary>
    public static double[] Run(string modelPath, TabularDataset validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        using var session = new InferenceSession(modelPath);
        using var input = OrtValue.CreateTensorValueFromMemory(validation.Features, [validation.Rows, validation.Width]);
        var output = validation.IsClassifier ? "label" : "prediction";
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["features"], [input], [output]);
        return validation.IsClassifier
            ? [.. results[0].GetTensorDataAsSpan<long>().ToArray().Select(v => (double)v)]
            : [.. results[0].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)];
    }
}
