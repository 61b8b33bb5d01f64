using System.Diagnostics;
using ModelService.Core.Training;
using ModelService.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelService.Trainer.Learning;

/// <summary>
/// Mini-batch Adam on an MLP: cross-entropy for classifiers, mean squared error (on a standardized target) for
/// regressors. Keeps the weights of the epoch with the lowest validation loss and stops after
/// <see cref="TrainingHyperparameters.Patience"/> epochs without improvement.
/// </summary>
public sealed class MlpTrainer
{
    private readonly TrainerDevice _device;

    public MlpTrainer(TrainerDevice device)
    {
        _device = device;
    }

    /// <summary>Trains on <paramref name="split"/>, whose features are already standardized.</summary>
    public async Task<TrainingOutcome> TrainAsync(DataSplit split, TrainingHyperparameters hyperparameters, IEpochObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentNullException.ThrowIfNull(observer);
        torch.manual_seed(hyperparameters.Seed);
        var target = TargetScale.For(split.Train);
        var classes = split.Train.Classes.Count;
        using var network = new MlpNetwork(split.Train.Width, hyperparameters.Hidden, classes > 0 ? classes : 1, _device.Device);
        using var data = new DeviceData(split, target, _device.Device);
        using var optimizer = optim.Adam(network.Model.parameters(), lr: hyperparameters.LearningRate);
        var loop = new EpochLoop(network, data, optimizer, hyperparameters, new Random(hyperparameters.Seed));

        var best = (Loss: double.PositiveInfinity, Layers: network.ExportLayers(target.Scale, target.Shift), Report: (EpochReport?)null);
        var (epoch, sinceBest, cancelled) = (0, 0, false);
        var clock = Stopwatch.StartNew();
        while (epoch < hyperparameters.Epochs && !cancelled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            epoch++;
            var report = loop.Run(epoch, target);
            if (report.ValidationLoss < best.Loss)
            {
                best = (report.ValidationLoss, network.ExportLayers(target.Scale, target.Shift), report);
                sinceBest = 0;
            }
            else
            {
                sinceBest++;
            }

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
            metrics["train_loss"] = best.TrainLoss;
            metrics["validation_loss"] = best.ValidationLoss;
            metrics[$"validation_{best.MetricName}"] = best.MetricValue;
        }

        return metrics;
    }
}
