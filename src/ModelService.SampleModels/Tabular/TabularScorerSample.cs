using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.SampleModels.Tabular;

/// <summary>
/// tabular-scorer: several inputs, an int64 index and a scalar. score = features · Weights + CategoryOffsets[category];
/// above = score &gt; threshold. The weights are fixed so anyone can check an answer by hand.
/// </summary>
public static class TabularScorerSample
{
    public const string Name = "tabular-scorer";

    public static readonly float[] Weights = [0.5f, -1.25f, 2.0f];

    public static readonly float[] CategoryOffsets = [0.0f, 1.5f, -0.75f, 3.0f];

    public static ModelProto Build()
    {
        var model = new OnnxGraphBuilder("tabular_scorer")
            .Input("features", DataType.Float, "batch", 3)
            .Input("category", DataType.Int64, "batch")
            .Input("threshold", DataType.Float)
            .Output("score", DataType.Float, "batch")
            .Output("above", DataType.Bool, "batch")
            .Initializer(OnnxTensors.Float("weights", Weights, 3, 1))
            .Initializer(OnnxTensors.Float("category_offsets", CategoryOffsets, CategoryOffsets.Length))
            .Initializer(OnnxTensors.Int64("column_axis", [1], 1))
            .Node("MatMul", ["features", "weights"], ["weighted_column"])
            .Node("Squeeze", ["weighted_column", "column_axis"], ["weighted"])
            .Node("Gather", ["category_offsets", "category"], ["offset"])
            .Node("Add", ["weighted", "offset"], ["score"])
            .Node("Greater", ["score", "threshold"], ["above"])
            .Build();
        model.DocString = "Scores rows from three features and a category; flags scores above a threshold (ModelService.SampleModels).";
        return model;
    }

    public static string Request() => SampleRequest.Write("tabular-1", [
        SampleRequest.Tensor("features", "FP32", [2, 3], [1.0f, 2.0f, 0.5f, 4.0f, 0.0f, 1.5f]),
        SampleRequest.Tensor("category", "INT64", [2], [1L, 3L]),
        SampleRequest.Tensor("threshold", "FP32", [], [2.0f]),
    ]);

    /// <summary>64 seeded rows (features in [-3, 3] to two decimals, every category, threshold 2) as one v2 request.</summary>
    public static string Calibration()
    {
        const int rows = 64;
        var random = new Random(5);
        var features = Enumerable.Range(0, rows * 3).Select(_ => MathF.Round((random.NextSingle() * 6f) - 3f, 2)).ToArray();
        var categories = Enumerable.Range(0, rows).Select(i => (long)(i % CategoryOffsets.Length)).ToArray();
        return SampleRequest.Write("tabular-calibration", [
            SampleRequest.Tensor("features", "FP32", [rows, 3], features),
            SampleRequest.Tensor("category", "INT64", [rows], categories),
            SampleRequest.Tensor("threshold", "FP32", [], [2.0f]),
        ]);
    }
}
