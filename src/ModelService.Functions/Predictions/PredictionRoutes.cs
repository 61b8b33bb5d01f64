namespace ModelService.Functions.Predictions;

/// <summary>Where a client polls an asynchronous prediction.</summary>
public static class PredictionRoutes
{
    public const string StatusTemplate = "api/predictions/{id}";

    public static string Status(string id) => $"/api/predictions/{id}";
}
