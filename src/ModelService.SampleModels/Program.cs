using ModelService.Onnx.Writing;
using ModelService.SampleModels;
using ModelService.SampleModels.Iris;
using ModelService.SampleModels.Tabular;

// Writes the sample models and their v2 request files; the same code always writes the same bytes.
var folder = args.Length > 0 ? args[0] : SampleFolder.Default();
Directory.CreateDirectory(folder);

var (iris, classifier) = IrisSample.Train();
var heldOut = IrisDataset.Generate(rowsPerClass: 100, IrisSample.HeldOutSeed);
Write(IrisSample.Name, iris, IrisSample.Request());
Console.WriteLine($"{IrisSample.Name}: accuracy {classifier.Accuracy(heldOut):P1} on {heldOut.Count} held-out rows");
Write(TabularScorerSample.Name, TabularScorerSample.Build(), TabularScorerSample.Request());
return 0;

void Write(string name, ModelService.Onnx.Protobuf.ModelProto model, string request)
{
    OnnxModelWriter.WriteFile(model, Path.Combine(folder, $"{name}.onnx"));
    File.WriteAllText(Path.Combine(folder, $"{name}.request.json"), request);
    Console.WriteLine($"wrote {Path.Combine(folder, name)}.onnx and .request.json");
}
