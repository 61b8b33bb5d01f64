namespace ModelService.Trainer.Learning;

/// <summary>One epoch's progress: mean training loss, validation loss and the validation metric.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, string MetricName, double MetricValue);
