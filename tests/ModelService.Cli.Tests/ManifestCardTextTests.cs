using ModelService.Cli.Output;
using ModelService.Core.Registry;

namespace ModelService.Cli.Tests;

/// <summary>What <c>models show</c> prints of a card: training data, evaluation, the explanation baseline and the fairness figures.</summary>
public sealed class ManifestCardTextTests
{
    [Fact]
    public void A_trained_cards_fairness_and_evaluation_are_printed()
    {
        var fairness = new FairnessReport
        {
            Columns =
            [
                new FairnessColumnReport
                {
                    Column = "group",
                    Groups = [new FairnessGroupMetrics { Group = "a", Rows = 10, Accuracy = 0.9, Recall = 0.8 }, new FairnessGroupMetrics { Group = "b", Rows = 12, Accuracy = 0.75, Recall = 0.7 }],
                    DemographicParityDifference = 0.25,
                    EqualizedOddsDifference = 0.125,
                },
            ],
        };
        var training = new TrainingProvenance
        {
            JobId = "j", Recipe = "tabular-classifier", Dataset = "loans", DatasetSha256 = new string('a', 64), DatasetRows = 22, Label = "approved",
            Features = ["income"], Hyperparameters = new Dictionary<string, string>(), Metrics = new Dictionary<string, double>(), DurationSeconds = 1, Hardware = "cpu",
            Fairness = fairness,
        };
        var manifest = new ModelManifest
        {
            Name = "loans-mlp", Version = 1, Sha256 = new string('b', 64), SizeBytes = 10, Inputs = [], Outputs = [], Quantization = "none",
            Onnx = new OnnxFacts(9, new Dictionary<string, long>(), null), CreatedAt = DateTimeOffset.UnixEpoch,
            Card = new ModelCard(null, "loans", null, "MIT")
            {
                TrainingData = "dataset loans", EvaluationMetrics = new Dictionary<string, double> { ["validation_accuracy"] = 0.8125 },
                ExplanationBaseline = [1.5], Training = training,
            },
        };
        using var text = new StringWriter();

        ManifestText.Write(text, manifest);

        var printed = text.ToString();
        Assert.Contains("training data dataset loans", printed, StringComparison.Ordinal);
        Assert.Contains("evaluation    validation_accuracy=0.8125", printed, StringComparison.Ordinal);
        Assert.Contains("explain from  [1.5]", printed, StringComparison.Ordinal);
        Assert.Contains("fairness      group: a accuracy 0.900, b accuracy 0.750; parity gap 0.250, equalised-odds gap 0.125", printed, StringComparison.Ordinal);
    }
}
