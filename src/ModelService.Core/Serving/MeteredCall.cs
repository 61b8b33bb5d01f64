using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using ModelService.Core.Billing;
using ModelService.Core.Inference;

namespace ModelService.Core.Serving;

/// <summary>The outcome of a billed call: its result or its failure, and in both cases its usage event.</summary>
public sealed class MeteredCall
{
    private MeteredCall(InferenceResult? result, ExceptionDispatchInfo? failure, UsageEvent usage)
    {
        Result = result;
        Failure = failure;
        Usage = usage;
    }

    public InferenceResult? Result { get; }

    public ExceptionDispatchInfo? Failure { get; }

    public UsageEvent Usage { get; }

    [MemberNotNullWhen(true, nameof(Result))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Result is not null;

    public static MeteredCall Success(InferenceResult result, UsageEvent usage) => new(result, null, usage);

    public static MeteredCall Fail(Exception failure, UsageEvent usage) => new(null, ExceptionDispatchInfo.Capture(failure), usage);

    /// <summary>The result, or the call's own failure rethrown with its original stack.</summary>
    public InferenceResult GetResultOrThrow()
    {
        if (!Succeeded)
        {
            Failure.Throw();
        }

        return Result;
    }
}
