using ModelService.Core.Training;

namespace ModelService.Functions.Contracts;

/// <summary>One progress report of a job: an epoch's losses and validation metric, or a stage it reached.</summary>
public sealed record TrainingEventResponse(
    int Sequence,
    DateTimeOffset At,
    string Kind,
    string? Message,
    int? Epoch,
    int? Epochs,
    double? TrainLoss,
    double? ValidationLoss,
    string? MetricName,
    double? MetricValue)
{
    public static TrainingEventResponse From(TrainingEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new TrainingEventResponse(item.Sequence, item.At, item.Kind, item.Message, item.Epoch, item.Epochs, item.TrainLoss, item.ValidationLoss, item.MetricName, item.MetricValue);
    }
}
