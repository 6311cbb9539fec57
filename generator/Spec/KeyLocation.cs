using System.Collections.Generic;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>Where one key of the spec was written: a dotted path such as <c>stages[1].channels</c>.</summary>
internal sealed record KeyLocation(string Path, LocationInfo Location)
{
    /// <summary>The location of <paramref name="path"/>, or of its nearest written parent, or the file start.</summary>
    public static LocationInfo Find(IReadOnlyList<KeyLocation> locations, string path, string filePath)
    {
        string current = path;
        while (true)
        {
            foreach (KeyLocation key in locations)
            {
                if (key.Path == current) return key.Location;
            }
            int cut = System.Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0) return LocationInfo.FileStart(filePath);
            current = current.Substring(0, cut);
        }
    }
}
