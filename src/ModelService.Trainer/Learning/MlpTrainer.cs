using System.Diagnostics;
using ModelService.Core.Training;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Learning;

/// <summary>
/// The epoch loop every backend shares: keeps the weights of the epoch with the lowest validation loss, stops
/// after <see cref="TrainingHyperparameters.Patience"/> epochs without improvement, and asks the observer after
/// each epoch whether to go on (how a cancel is honoured between epochs).
/// </summary>
public sealed class MlpTrainer
{
    private readonly ITrainingBackend _backend;

    public MlpTrainer(ITrainingBackend backend)
    {
        _backend = backend;
    }

    /// <summary>Trains on <paramref name="split"/>, whose features are already standardized.</summary>
    public async Task<TrainingOutcome> TrainAsync(DataSplit split, TrainingHyperparameters hyperparameters, IEpochObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentNullException.ThrowIfNull(observer);
        var target = TargetScale.For(split.Train);
        using var model = _backend.Create(split, target, hyperparameters);
        var best = (Loss: double.PositiveInfinity, Layers: model.Export(), Report: (EpochReport?)null);
        var (epoch, sinceBest, cancelled) = (0, 0, false);
        var clock = Stopwatch.StartNew();
        while (epoch < hyperparameters.Epochs && !cancelled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = model.RunEpoch(++epoch);
            (best, sinceBest) = report.ValidationLoss < best.Loss ? ((report.ValidationLoss, model.Export(), report), 0) : (best, sinceBest + 1);
            cancelled = !await observer.OnEpochAsync(report, cancellationToken);
            if (hyperparameters.Patience > 0 && sinceBest >= hyperparameters.Patience)
            {
                break;
            }
        }

        var samplesPerSecond = epoch * (double)split.Train.Rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return new TrainingOutcome(best.Layers, Metrics(best.Report, epoch, samplesPerSecond), epoch, cancelled, samplesPerSecond);
    }

    private static Dictionary<string, double> Metrics(EpochReport? best, int epochs, double samplesPerSecond)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["epochs_run"] = epochs,
            ["samples_per_second"] = Math.Round(samplesPerSecond, 1),
        };
        if (best is not null)
        {
            metrics["best_epoch"] = best.Epoch;
            metrics["train_loss"] = Math.Round(best.TrainLoss, 6);
            metrics["validation_loss"] = Math.Round(best.ValidationLoss, 6);
            metrics[$"validation_{best.MetricName}"] = Math.Round(best.MetricValue, 6);
        }

        return metrics;
    }
}
