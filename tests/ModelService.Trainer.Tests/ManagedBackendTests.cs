using ModelService.Core.Training;
using ModelService.Onnx.Building;
using ModelService.Trainer.Data;
using ModelService.Trainer.Learning;

namespace ModelService.Trainer.Tests;

/// <summary>
/// The managed backend on its own: the job tests reach it only where libtorch cannot load, so these run it
/// whatever the host, through the same epoch loop the pipeline uses.
/// </summary>
public sealed class ManagedBackendTests
{
    [Fact]
    public async Task Managed_backend_trains_a_classifier_to_high_validation_accuracy_with_gemm_ready_layers()
    {
        var (csv, _, _) = SyntheticCsv.Blobs(rows: 300, seed: 21);
        var hyperparameters = new TrainingHyperparameters { Hidden = [16], Epochs = 40, Patience = 0 };

        var outcome = await TrainAsync(csv, "species", classifier: true, hyperparameters);

        Assert.True(outcome.Metrics["validation_accuracy"] > 0.95, $"validation accuracy {outcome.Metrics["validation_accuracy"]}");
        Assert.Equal(40, outcome.EpochsRun);
        Assert.Equal([(4, 16, Activation.Relu), (16, 3, Activation.None)], outcome.Layers.Select(l => (l.Inputs, l.Outputs, l.Activation)));
        Assert.All(outcome.Layers, l => Assert.Equal(l.Inputs * l.Outputs, l.Weights.Length));
    }

    [Fact]
    public async Task Managed_backend_fits_a_regressor_and_reports_rmse_in_the_targets_units()
    {
        var (csv, _, targets) = SyntheticCsv.Linear(rows: 400, seed: 22);
        var hyperparameters = new TrainingHyperparameters { Hidden = [16], Epochs = 60, Patience = 0 };

        var outcome = await TrainAsync(csv, "price", classifier: false, hyperparameters);

        var mean = targets.Average();
        var spread = Math.Sqrt(targets.Average(t => (t - mean) * (t - mean)));
        Assert.True(outcome.Metrics["validation_rmse"] < spread * 0.2, $"rmse {outcome.Metrics["validation_rmse"]} against a spread of {spread:F2}");
        Assert.Equal(1, outcome.Layers[^1].Outputs);
    }

    private static async Task<TrainingOutcome> TrainAsync(string csv, string label, bool classifier, TrainingHyperparameters hyperparameters)
    {
        using var reader = new StringReader(csv);
        var data = TabularDatasetLoader.Load(reader, label, classifier);
        var split = DataSplit.Create(data, hyperparameters.ValidationFraction, hyperparameters.Seed);
        var standardizer = Standardizer.Fit(split.Train.Features, data.Width);
        var scaled = new DataSplit(split.Train with { Features = standardizer.Apply(split.Train.Features) }, split.Validation with { Features = standardizer.Apply(split.Validation.Features) });
        return await new MlpTrainer(new ManagedBackend()).TrainAsync(scaled, hyperparameters, new EveryEpoch(), CancellationToken.None);
    }

    private sealed class EveryEpoch : IEpochObserver
    {
        public Task<bool> OnEpochAsync(EpochReport report, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
