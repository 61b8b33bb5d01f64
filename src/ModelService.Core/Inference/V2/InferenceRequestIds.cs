namespace ModelService.Core.Inference.V2;

/// <summary>Carries a request's v2 <c>id</c> on the failure it caused, so the error response echoes it too.</summary>
public static class InferenceRequestIds
{
    private const string Key = "modelsvc.v2.id";

    public static void Attach(Exception failure, string id)
    {
        ArgumentNullException.ThrowIfNull(failure);
        failure.Data[Key] = id;
    }

    public static string? Of(Exception failure) => failure?.Data[Key] as string;
}
