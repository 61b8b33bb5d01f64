using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelService.Core.Predictions;

/// <summary>
/// What a client sees of a prediction (never its webhook secret), and what its webhook receives: camelCase like the
/// other /api routes; <c>response</c> is the v2 inference response as the sync call returns it.
/// </summary>
public static class PredictionView
{
    public static JsonObject Describe(PredictionRecord record, BinaryData? result)
    {
        ArgumentNullException.ThrowIfNull(record);
        var view = new JsonObject
        {
            ["id"] = record.Id,
            ["status"] = record.Status,
            ["modelName"] = record.Model,
            ["modelVersion"] = record.ResolvedVersion?.ToString(CultureInfo.InvariantCulture) ?? record.Version,
            ["createdAt"] = record.CreatedAt,
            ["updatedAt"] = record.UpdatedAt,
        };
        if (record.Reason is not null)
        {
            view["error"] = record.Reason;
        }

        if (record.WebhookStatus is not null)
        {
            view["webhook"] = record.WebhookStatus;
        }

        if (result is not null)
        {
            view["response"] = JsonNode.Parse(result.ToMemory().Span);
        }

        return view;
    }

    /// <summary>
    /// Writes the view with the stored result copied in as <c>response</c> straight from its stream: the answer of
    /// an async call is never parsed or held whole, however large it is.
    /// </summary>
    public static async Task WriteAsync(Stream destination, PredictionRecord record, Stream? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var head = System.Text.Encoding.UTF8.GetBytes(Describe(record, null).ToJsonString());
        if (result is null)
        {
            await destination.WriteAsync(head, cancellationToken);
            return;
        }

        // The view is a non-empty object, so its text ends with '}': the response goes in just before it.
        await destination.WriteAsync(head.AsMemory(0, head.Length - 1), cancellationToken);
        await destination.WriteAsync(",\"response\":"u8.ToArray(), cancellationToken);
        await result.CopyToAsync(destination, cancellationToken);
        await destination.WriteAsync("}"u8.ToArray(), cancellationToken);
    }

    /// <summary>The webhook body: the status and where to fetch the outputs (outputs are not pushed to third parties).</summary>
    public static string NotificationJson(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = Describe(record, null);
        body["location"] = $"/api/predictions/{record.Id}";
        return body.ToJsonString(new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}
