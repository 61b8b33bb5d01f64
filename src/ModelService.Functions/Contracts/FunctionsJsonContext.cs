using System.Text.Json;
using System.Text.Json.Serialization;
using ModelService.Functions.Usage;

namespace ModelService.Functions.Contracts;

/// <summary>
/// Every JSON body the function app reads or writes (bar the v2 inference request and response, which Core's
/// tensor reader and writer own): web casing, as ASP.NET Core writes, and no null members.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ServerLiveResponse))]
[JsonSerializable(typeof(ServerReadyResponse))]
[JsonSerializable(typeof(ServerMetadataResponse))]
[JsonSerializable(typeof(ModelMetadataResponse))]
[JsonSerializable(typeof(ModelReadyResponse))]
[JsonSerializable(typeof(ModelCardResponse))]
[JsonSerializable(typeof(PredictionAcceptedResponse))]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(DatasetResponse))]
[JsonSerializable(typeof(TrainingJobSubmission))]
[JsonSerializable(typeof(TrainingJobResponse))]
[JsonSerializable(typeof(TrainingJobListResponse))]
[JsonSerializable(typeof(TrainingEventListResponse))]
[JsonSerializable(typeof(UsageReportBody))]
[JsonSerializable(typeof(ModelListResponse))]
[JsonSerializable(typeof(AuditListResponse))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
