namespace ModelService.Trainer.Learning;

/// <summary>Told after every epoch; answering false stops training there (how cancellation is honoured between epochs).</summary>
public interface IEpochObserver
{
    Task<bool> OnEpochAsync(EpochReport report, CancellationToken cancellationToken);
}
