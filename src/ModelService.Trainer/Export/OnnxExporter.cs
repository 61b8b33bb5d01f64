using Google.Protobuf;
using ModelService.Onnx.Building;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Export;

/// <summary>
/// Writes the trained network as ONNX through the project's <see cref="MlpBuilder"/>, with the feature
/// standardization folded into the graph: callers send raw features in the CSV's column order.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "features";

    public static async Task WriteAsync(string path, string graphName, Standardizer standardizer, IReadOnlyList<DenseLayer> layers, bool classifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standardizer);
        ArgumentNullException.ThrowIfNull(layers);
        var builder = new MlpBuilder(InputName).Standardize(standardizer.Mean, standardizer.Std);
        foreach (var layer in layers)
        {
            builder.Layer(layer);
        }

        var model = classifier ? builder.BuildClassifier(graphName, new ClassifierHead()) : builder.BuildRegressor(graphName, "prediction");
        await File.WriteAllBytesAsync(path, model.ToByteArray(), cancellationToken);
    }
}
