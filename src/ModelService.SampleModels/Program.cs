using System.Globalization;
using ModelService.Onnx.Writing;
using ModelService.SampleModels;
using ModelService.SampleModels.Iris;
using ModelService.SampleModels.Tabular;

// Writes the sample models, their int8 forms, and their v2 request and calibration files; the same code always
// writes the same bytes.
var folder = args.Length > 0 ? args[0] : SampleFolder.Default();
Directory.CreateDirectory(folder);

var (iris, classifier) = IrisSample.Train();
var heldOut = IrisDataset.Generate(rowsPerClass: 100, IrisSample.HeldOutSeed);
Write(IrisSample.Name, iris, IrisSample.Request(), IrisSample.Calibration());
Console.WriteLine($"{IrisSample.Name}: accuracy {classifier.Accuracy(heldOut):P1} on {heldOut.Count} held-out rows");
Write(TabularScorerSample.Name, TabularScorerSample.Build(), TabularScorerSample.Request(), TabularScorerSample.Calibration());
return 0;

void Write(string name, ModelService.Onnx.Protobuf.ModelProto model, string request, string calibration)
{
    OnnxModelWriter.WriteFile(model, Path.Combine(folder, $"{name}.onnx"));
    File.WriteAllText(Path.Combine(folder, $"{name}.request.json"), request);
    File.WriteAllText(Path.Combine(folder, $"{name}.calibration.json"), calibration);
    Console.WriteLine($"wrote {Path.Combine(folder, name)}.onnx, .request.json and .calibration.json");

    var outcome = SampleQuantization.Quantize(model, calibration, $"{name}.calibration.json");
    var quantizedPath = Path.Combine(folder, $"{name}{SampleQuantization.Suffix}.onnx");
    File.WriteAllBytes(quantizedPath, outcome.QuantizedBytes);
    var quality = outcome.Evaluation.Quality;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wrote {quantizedPath}: {outcome.QuantizedSizeBytes} bytes ({outcome.SizeRatio:F2}x), max abs error {quality.MaxAbsoluteError:G3}, cosine {quality.CosineSimilarity:F6}, top-1 {quality.Top1Agreement:P1} on {outcome.Evaluation.CalibrationSamples} samples"));
}
