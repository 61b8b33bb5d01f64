using Microsoft.Extensions.Options;
using ModelService.Core.Inference;
using ModelService.Core.Training;

namespace ModelService.Functions.Middleware;

/// <summary>The byte count of each <see cref="RequestBodyLimit"/>, from the validated options.</summary>
public sealed class RequestBodyLimits
{
    /// <summary>Training job submissions and any other small JSON body.</summary>
    public const long SmallBytes = 64 * 1024;

    private readonly long _inference;
    private readonly long _dataset;

    public RequestBodyLimits(IOptions<InferenceOptions> inference, IOptions<TrainingOptions> training)
    {
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(training);
        _inference = inference.Value.MaxRequestBytes;
        _dataset = training.Value.MaxDatasetBytes;
    }

    public long BytesOf(RequestBodyLimit limit) => limit switch
    {
        RequestBodyLimit.Inference => _inference,
        RequestBodyLimit.Dataset => _dataset,
        _ => SmallBytes,
    };
}
