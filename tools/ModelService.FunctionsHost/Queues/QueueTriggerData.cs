using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Google.Protobuf;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Queues;

/// <summary>What a queue trigger hands the worker: the message as input, and the queue extension's binding data.</summary>
internal static class QueueTriggerData
{
    /// <summary>
    /// The message text for string and POCO parameters; for QueueMessage parameters (the worker marks those
    /// "supportsDeferredBinding") the message itself as model binding data, as the queue extension sends it.
    /// </summary>
    public static TypedData Input(BindingDescriptor trigger, QueueMessage message)
    {
        if (string.Equals(trigger.Property("supportsDeferredBinding"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TypedData
            {
                ModelBindingData = new ModelBindingData
                {
                    Version = "1.0",
                    Source = "AzureStorageQueues",
                    ContentType = "application/json",
                    Content = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
                    {
                        ["MessageId"] = message.MessageId,
                        ["PopReceipt"] = message.PopReceipt,
                        ["MessageText"] = message.Body.ToString(),
                        ["DequeueCount"] = message.DequeueCount,
                        ["NextVisibleOn"] = message.NextVisibleOn,
                        ["InsertedOn"] = message.InsertedOn,
                        ["ExpiresOn"] = message.ExpiresOn,
                    })),
                },
            };
        }

        return string.Equals(trigger.String("dataType"), "binary", StringComparison.OrdinalIgnoreCase)
            ? new TypedData { Bytes = ByteString.CopyFrom(message.Body.ToMemory().Span) }
            : TypedDataPayloads.String(message.Body.ToString());
    }

    /// <summary>The queue extension's binding data names, usable as {queueTrigger} or {id} in output paths.</summary>
    public static Dictionary<string, TypedData> Metadata(QueueMessage message) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["QueueTrigger"] = TypedDataPayloads.String(message.Body.ToString()),
        // As JSON, like every non-string value the host sends: the isolated worker cannot read TypedData.Int, and it
        // reads all binding data as soon as a function has a parameter that is not a binding (a CancellationToken).
        ["DequeueCount"] = TypedDataPayloads.Json(message.DequeueCount.ToString(CultureInfo.InvariantCulture)),
        ["Id"] = TypedDataPayloads.String(message.MessageId),
        ["PopReceipt"] = TypedDataPayloads.String(message.PopReceipt),
        ["InsertionTime"] = Time(message.InsertedOn),
        ["ExpirationTime"] = Time(message.ExpiresOn),
        ["NextVisibleTime"] = Time(message.NextVisibleOn),
    };

    // DateTimeOffset values travel as JSON strings, as the real host serialises them.
    private static TypedData Time(DateTimeOffset? value) =>
        TypedDataPayloads.Json(JsonSerializer.Serialize(value?.ToString("o", CultureInfo.InvariantCulture)));
}
