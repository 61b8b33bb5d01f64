using System.Globalization;
using System.Text.Json;

namespace ModelService.Cli.Output;

/// <summary>Training jobs and their events as a person reads them.</summary>
public static class TrainingJobText
{
    public static void Write(TextWriter text, JsonElement job)
    {
        ArgumentNullException.ThrowIfNull(text);
        text.WriteLine($"{Get(job, "id")}  {Get(job, "status")}");
        text.WriteLine($"  recipe        {Get(job, "recipe")}");
        text.WriteLine($"  dataset       {Get(job, "dataset")} (label '{Get(job, "label")}')");
        text.WriteLine($"  output model  {Get(job, "outputModel")}{(job.TryGetProperty("resultVersion", out var version) ? $":{version}" : string.Empty)}");
        text.WriteLine($"  attempts      {Get(job, "attempts")}");
        if (job.TryGetProperty("reason", out var reason))
        {
            text.WriteLine($"  reason        {reason.GetString()}");
        }

        if (job.TryGetProperty("metrics", out var metrics))
        {
            text.WriteLine($"  metrics       {string.Join(", ", metrics.EnumerateObject().Select(m => $"{m.Name}={m.Value}"))}");
        }

        if (job.TryGetProperty("device", out var device))
        {
            text.WriteLine($"  hardware      {device.GetString()} ({Get(job, "trainingSeconds")} s)");
        }
    }

    public static string Event(JsonElement e) =>
        Get(e, "kind") == "epoch"
            ? string.Create(CultureInfo.InvariantCulture, $"epoch {Get(e, "epoch")}/{Get(e, "epochs")}  loss {Get(e, "trainLoss")}  val_loss {Get(e, "validationLoss")}  {Get(e, "metricName")} {Get(e, "metricValue")}")
            : $"{Get(e, "kind")}: {Get(e, "message")}";

    public static string Get(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString() : "-";
}
