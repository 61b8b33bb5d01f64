using ModelService.Core.Training;
using ModelService.Trainer.Data;
using ModelService.Trainer.Learning;
using Xunit.Abstractions;

namespace ModelService.Trainer.Tests;

/// <summary>
/// The training throughput figure in docs/performance.md: samples per second through the epoch loop (forward,
/// backward, Adam, validation) on 16,000 training rows × 8 features, 5 epochs. Reproduce with
/// <c>dotnet test tests/ModelService.Trainer.Tests -c Release --filter Category=Performance --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Theory]
    [Trait("Category", "Performance")]
    [InlineData("32,32", 64)]
    [InlineData("64,64", 64)]
    [InlineData("64,64", 256)]
    public async Task Training_throughput_on_the_cpu(string hidden, int batchSize)
    {
        var random = new Random(1);
        var (rows, width) = (20_000, 8);
        var features = Enumerable.Range(0, rows * width).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(i => (float)(i % 3)).ToArray();
        var data = new TabularDataset(Enumerable.Range(0, width).Select(i => $"f{i}").ToList(), features, labels, ["a", "b", "c"]);
        var hyperparameters = TrainingHyperparameters.Parse(new Dictionary<string, string>
        {
            ["hidden"] = hidden, ["epochs"] = "5", ["batch_size"] = $"{batchSize}", ["patience"] = "0",
        });
        var selector = new TrainingBackendSelector(Microsoft.Extensions.Options.Options.Create(new TrainerOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<TrainingBackendSelector>.Instance);

        var outcome = await new MlpTrainer(selector.Backend).TrainAsync(DataSplit.Create(data, 0.2, 1), hyperparameters, new KeepGoing(), CancellationToken.None);

        Assert.Equal(5, outcome.EpochsRun);
        output.WriteLine($"{selector.Backend.Description}: hidden {hidden}, batch {batchSize}: {outcome.SamplesPerSecond:F0} samples/s");
    }

    private sealed class KeepGoing : IEpochObserver
    {
        public Task<bool> OnEpochAsync(EpochReport report, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
