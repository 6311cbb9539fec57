using System.Collections.Generic;
using ShuffleNetGen.Bench.Models;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>Everything <c>bench compare</c> measured for one model; times are medians in milliseconds.</summary>
/// <param name="OrtMilliseconds">ONNX Runtime, one image, by intra-op thread count.</param>
/// <param name="OursMilliseconds">The generated class, one image, <c>MaxThreads = 1</c>.</param>
/// <param name="OursTeamMilliseconds">The generated class, one image split over every core (the default <c>MaxThreads</c>).</param>
/// <param name="OursSequentialImagesPerSecond">Eight single-image Predict calls in a row: one core.</param>
/// <param name="OursBatchOneThreadImagesPerSecond">One Predict call with batch 8, <c>MaxThreads = 1</c>: one core, the classifier once for all 8.</param>
/// <param name="OursBatchImagesPerSecond">One Predict call with batch 8: images spread over the cores.</param>
/// <param name="OrtBatchImagesPerSecond">ONNX Runtime, batch 8, with the most intra-op threads asked for.</param>
/// <param name="OursColdStart">A fresh <c>coldstart</c> child: process start → first logits, and Load + first Predict inside it.</param>
/// <param name="OrtColdStart">A fresh <c>coldstart-ort</c> child: process start → first logits, and session creation + first run inside it.</param>
internal sealed record ModelResult(
    BenchModel Model,
    LogitCheck Check,
    IReadOnlyDictionary<int, double> OrtMilliseconds,
    double OursMilliseconds,
    double OursTeamMilliseconds,
    double OursSequentialImagesPerSecond,
    double OursBatchOneThreadImagesPerSecond,
    double OursBatchImagesPerSecond,
    double OrtBatchImagesPerSecond,
    ColdStart OursColdStart,
    ColdStart OrtColdStart);
