using System.ComponentModel.DataAnnotations;
using Microsoft.ML.OnnxRuntime;

namespace ModelService.Core.Caching;

/// <summary>ONNX Runtime session settings applied to every model the cache loads.</summary>
public sealed class SessionOptionsSettings
{
    public const string SectionName = "ModelService:Session";

    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per core).</summary>
    [Range(0, 256)]
    public int IntraOpNumThreads { get; set; }

    [Range(0, 256)]
    public int InterOpNumThreads { get; set; }

    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.ORT_SEQUENTIAL;

    public bool EnableMemoryPattern { get; set; } = true;

    public SessionOptions Create() => new()
    {
        GraphOptimizationLevel = GraphOptimizationLevel,
        IntraOpNumThreads = IntraOpNumThreads,
        InterOpNumThreads = InterOpNumThreads,
        ExecutionMode = ExecutionMode,
        EnableMemoryPattern = EnableMemoryPattern,
    };
}
