using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.SampleModels.Training;

namespace ModelService.SampleModels.Iris;

/// <summary>iris-mlp: features FP32 [batch,4] (cm) → probabilities FP32 [batch,3], label INT64 [batch].</summary>
public static class IrisSample
{
    public const string Name = "iris-mlp";
    public const int TrainingSeed = 42;
    public const int HeldOutSeed = 7;
    public const int CalibrationSeed = 11;

    public static (ModelProto Model, TwoLayerClassifier Classifier) Train()
    {
        var classifier = new TwoLayerClassifier(inputs: 4, hidden: 16, classes: 3, seed: TrainingSeed);
        classifier.Train(IrisDataset.Generate(rowsPerClass: 50, TrainingSeed), epochs: 400, learningRate: 0.02f);
        var model = new MlpBuilder("features")
            .Standardize(classifier.Mean, classifier.Std)
            .Layer(new DenseLayer(4, 16, classifier.W1, classifier.B1, Activation.Relu))
            .Layer(new DenseLayer(16, 3, classifier.W2, classifier.B2, Activation.None))
            .BuildClassifier("iris_mlp", new ClassifierHead());
        model.DocString = "Iris-style flower classifier trained in C# on seeded iris-like measurements (ModelService.SampleModels).";
        return (model, classifier);
    }

    /// <summary>One typical flower of each class, as a v2 request.</summary>
    public static string Request() => SampleRequest.Write("iris-1", [SampleRequest.Tensor("features", "FP32", [3, 4], [
        5.1f, 3.5f, 1.4f, 0.2f,
        6.0f, 2.8f, 4.4f, 1.3f,
        6.7f, 3.0f, 5.7f, 2.2f,
    ])]);

    /// <summary>150 fresh iris-like rows (seed 11) as one v2 request: what the int8 sample is checked on.</summary>
    public static string Calibration()
    {
        var rows = IrisDataset.Generate(rowsPerClass: 50, CalibrationSeed);
        return SampleRequest.Write("iris-calibration", [SampleRequest.Tensor("features", "FP32", [rows.Count, rows.Width], rows.Features.SelectMany(r => r).ToArray())]);
    }
}
