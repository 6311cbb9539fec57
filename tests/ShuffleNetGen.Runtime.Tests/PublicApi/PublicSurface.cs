using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace ShuffleNetGen.Runtime.Tests.PublicApi;

/// <summary>
/// An assembly's public surface as text: one line per public type, then one indented line per public or protected member,
/// everything in ordinal order, hidden (<c>[EditorBrowsable(Never)]</c>) types and members marked <c>[hidden]</c>.
/// </summary>
internal static class PublicSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static |
        BindingFlags.DeclaredOnly;

    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Hidden(type)).Append(TypeHeader(type)).Append('\n');
            foreach (string member in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type)
    {
        string kind = type.IsInterface ? "interface"
            : type.IsEnum ? "enum"
            : type.IsValueType ? (IsReadOnly(type) ? "readonly struct" : "struct")
            : type.IsAbstract && type.IsSealed ? "static class"
            : (type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : "") + (IsRecord(type) ? "record" : "class");
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Select(i => Name(i)).Order(StringComparer.Ordinal));
        return $"{kind} {type.FullName}" + (bases.Count == 0 ? "" : " : " + string.Join(", ", bases));
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (MemberInfo member in type.GetMembers(Declared).Where(Visible))
        {
            string? line = member switch
            {
                ConstructorInfo c => $"ctor({Parameters(c)})",
                MethodInfo m when !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal) =>
                    $"{Static(m.IsStatic)}{Name(m.ReturnType, Nullability.Create(m.ReturnParameter))} {m.Name}{GenericArguments(m)}({Parameters(m)})",
                PropertyInfo p => $"{Static((p.GetMethod ?? p.SetMethod)!.IsStatic)}{Name(p.PropertyType, Nullability.Create(p))} {p.Name} {{ {Accessors(p)}}}",
                FieldInfo f when f.IsLiteral => $"const {Name(f.FieldType)} {f.Name} = {Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}",
                FieldInfo f => $"{Static(f.IsStatic)}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType, Nullability.Create(f))} {f.Name}",
                EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
                _ => null,
            };
            if (line is not null)
            {
                yield return Hidden(member) + line;
            }
        }
    }

    private static bool Visible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(Visible),
        EventInfo e => e.AddMethod is { } add && Visible(add),
        _ => false,
    };

    private static string Accessors(PropertyInfo p) =>
        (p.GetMethod is { } get && Visible(get) ? "get; " : "") +
        (p.SetMethod is { } set && Visible(set) ? (IsInitOnly(set) ? "init; " : "set; ") : "");

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : "") +
        Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType, Nullability.Create(p)) + " " + p.Name +
        (p.HasDefaultValue ? " = " + (p.DefaultValue is null ? "default" : Convert.ToString(p.DefaultValue, CultureInfo.InvariantCulture)) : "")));

    private static string GenericArguments(MethodInfo m) =>
        m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => Name(a))) + ">" : "";

    /// <summary>
    /// A type as C# writes it, namespaces and nullable annotations included: <c>System.ReadOnlySpan&lt;float&gt;</c>,
    /// <c>int[]</c>, <c>long?</c>, <c>string?</c>.
    /// </summary>
    private static string Name(Type type, NullabilityInfo? nullability = null)
    {
        if (type.IsByRef) return "ref " + Name(type.GetElementType()!, nullability);
        string annotation = !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
        if (type.IsGenericParameter) return type.Name + annotation;
        if (type.IsArray) return Name(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + annotation;
        if (type.IsPointer) return Name(type.GetElementType()!) + "*";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying) + "?";
        string? keyword = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool", TypeCode.Byte => "byte", TypeCode.SByte => "sbyte", TypeCode.Char => "char",
            TypeCode.Int16 => "short", TypeCode.UInt16 => "ushort", TypeCode.Int32 => "int", TypeCode.UInt32 => "uint",
            TypeCode.Int64 => "long", TypeCode.UInt64 => "ulong", TypeCode.Single => "float", TypeCode.Double => "double",
            TypeCode.Decimal => "decimal", TypeCode.String => "string",
            _ => null,
        };
        if (keyword is not null && !type.IsEnum) return keyword + annotation;
        if (type == typeof(object)) return "object" + annotation;
        if (type == typeof(void)) return "void";
        if (type.IsNested) return Name(type.DeclaringType!) + "." + type.Name + annotation;
        if (!type.IsGenericType) return (type.FullName ?? type.Name) + annotation;
        string name = type.GetGenericTypeDefinition().FullName!;
        Type[] arguments = type.GetGenericArguments();
        return name[..name.IndexOf('`')] + "<" +
            string.Join(", ", arguments.Select((a, i) => Name(a, nullability?.GenericTypeArguments.ElementAtOrDefault(i)))) + ">" + annotation;
    }

    private static string Hidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never } ? "[hidden] " : "";

    private static NullabilityInfoContext Nullability => new();

    private static string Static(bool isStatic) => isStatic ? "static " : "";

    private static bool IsReadOnly(Type type) => type.IsDefined(typeof(IsReadOnlyAttribute), inherit: false);

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
