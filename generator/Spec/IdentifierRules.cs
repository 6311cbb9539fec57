using Microsoft.CodeAnalysis.CSharp;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>Whether a spec's <c>name</c> and <c>namespace</c> can be written, unescaped, into generated C#.</summary>
internal static class IdentifierRules
{
    /// <summary>Null when <paramref name="name"/> is a usable class name; otherwise why not.</summary>
    public static string? ClassNameProblem(string name)
    {
        string? problem = IdentifierProblem(name);
        if (problem is not null) return problem;
        if (SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None)
        {
            return "it is a contextual C# keyword; pick a name that is not one";
        }
        if (System.Array.IndexOf(GeneratedMemberNames, name) >= 0 || IsPlaneTableName(name))
        {
            return $"the generated class has a member named '{name}', and a member cannot share its class's name (CS0542); pick another name";
        }
        // CS8981: all-lowercase ASCII type names may become keywords, and the warning fails builds that treat warnings as errors.
        if (IsLowercaseAscii(name))
        {
            return "type names of only lowercase ASCII letters are reserved for future C# keywords (CS8981); capitalise it";
        }
        return null;
    }

    /// <summary>Null when <paramref name="ns"/> is a usable dotted namespace; otherwise why not.</summary>
    public static string? NamespaceProblem(string ns)
    {
        string[] parts = ns.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0) return "it has an empty part; write dotted identifiers such as MyApp.Models";
            string? problem = IdentifierProblem(parts[i]);
            if (problem is not null) return "'" + parts[i] + "': " + problem;
            if (i == 0 && parts[i] == "global") return "'global' cannot start a namespace (it names the global:: alias)";
        }
        return null;
    }

    private static string? IdentifierProblem(string name)
    {
        if (name.Length > 0 && name[0] == '@')
        {
            return "verbatim '@' names are not allowed; pick a name that needs no escaping";
        }
        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            return "an identifier starts with a letter or '_' and continues with letters, digits or '_'";
        }
        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            return "it is a C# keyword";
        }
        return null;
    }

    /// <summary>Members every generated model class declares (ModelEmitter, and ModelShellEmitter's SpecHasErrors); the class itself cannot take one of these names.</summary>
    private static readonly string[] GeneratedMemberNames =
    {
        "InputChannels", "InputHeight", "InputWidth", "Classes", "InputLength", "ArenaFloats", "WeightFloats",
        "Info", "Load", "Predict", "Run", "StartWarmup", "MaxThreads",
        "Preprocessing", "Labels", "Preprocess", "PredictImage", "Classify", "PredictFeatures", "RunFeatures",
        "_weights", "_arenas", "_laneChoice", "_heads", "_maxThreads", "s_warmupStarted", "s_warmArena", "SpecHasErrors",
    };

    private static bool IsPlaneTableName(string name)
    {
        if (!name.StartsWith("Planes", System.StringComparison.Ordinal) || name.Length == "Planes".Length) return false;
        for (int i = "Planes".Length; i < name.Length; i++)
        {
            if (name[i] < '0' || name[i] > '9') return false;
        }
        return true;
    }

    private static bool IsLowercaseAscii(string name)
    {
        foreach (char c in name)
        {
            if (c < 'a' || c > 'z') return false;
        }
        return true;
    }
}
