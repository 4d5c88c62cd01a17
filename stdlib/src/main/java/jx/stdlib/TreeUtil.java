package jx.stdlib;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jx.eval.EvalError;
import jx.eval.Interp;
import jx.eval.Printer;
import jx.eval.PyOps;
import jx.eval.Values;

/**
 * jax.tree_util over tuples, lists and dicts: the pytree nodes of jx; None is an empty subtree.
 * As in JAX, dicts are flattened in sorted key order and rebuilt with sorted keys.
 */
final class TreeUtil {
    private TreeUtil() {}

    /** The structure of a pytree without its leaves; prints as JAX's PyTreeDef. */
    sealed interface Node {
        int leaves();
    }

    record Leaf() implements Node {
        public int leaves() {
            return 1;
        }

        @Override
        public String toString() {
            return "*";
        }
    }

    record NoneNode() implements Node {
        public int leaves() {
            return 0;
        }

        @Override
        public String toString() {
            return "None";
        }
    }

    record Seq(boolean tuple, List<Node> children, Values.Tuple.Fields named) implements Node {
        public int leaves() {
            return children.stream().mapToInt(Node::leaves).sum();
        }

        @Override
        public String toString() {
            List<String> parts = children.stream().map(Node::toString).toList();
            if (!tuple) {
                return "[" + String.join(", ", parts) + "]";
            }
            if (named != null) {
                return "CustomNode(namedtuple[" + named.type() + "], [" + String.join(", ", parts) + "])";
            }
            return parts.size() == 1 ? "(" + parts.get(0) + ",)" : "(" + String.join(", ", parts) + ")";
        }
    }

    record Dict(List<Object> keys, List<Node> children) implements Node {
        public int leaves() {
            return children.stream().mapToInt(Node::leaves).sum();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < keys.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(Printer.repr(keys.get(i))).append(": ").append(children.get(i));
            }
            return sb.append('}').toString();
        }
    }

    /** The value jax.tree_util.tree_structure returns. */
    record TreeDef(Node root) {
        @Override
        public String toString() {
            return "PyTreeDef(" + root + ")";
        }
    }

    static Values.Module create(jx.prim.Registry registry) {
        Table t = new Table();
        t.raw("tree_map", (in, a, kw) -> {
            if (a.size() < 2) {
                throw new EvalError("TypeError: tree_map() missing required argument 'tree'");
            }
            Object isLeaf = kw.get("is_leaf");
            return map(in, a.get(0), a.subList(1, a.size()), isLeaf instanceof Values.None ? null : isLeaf);
        });
        t.fn("tree_leaves(tree, is_leaf=None)", (in, a) -> {
            List<Object> out = new ArrayList<>();
            flatten(in, a[0], out, leafTest(a[1]));
            return new Values.PyList(out);
        });
        t.fn("tree_structure(tree, is_leaf=None)", (in, a) ->
                new TreeDef(flatten(in, a[0], new ArrayList<>(), leafTest(a[1]))));
        t.fn("tree_flatten(tree, is_leaf=None)", (in, a) -> {
            List<Object> out = new ArrayList<>();
            Node n = flatten(in, a[0], out, leafTest(a[1]));
            return Values.Tuple.of(new Values.PyList(out), new TreeDef(n));
        });
        t.fn("tree_unflatten(treedef, leaves)", (in, a) -> {
            if (!(a[0] instanceof TreeDef def)) {
                throw new EvalError("TypeError: tree_unflatten() expects a PyTreeDef, got " + PyOps.typeName(a[0]),
                        "get one from jax.tree_util.tree_structure(tree) or tree_flatten(tree)");
            }
            List<Object> leaves = in.list(a[1]);
            if (leaves.size() != def.root().leaves()) {
                throw new EvalError("ValueError: Too " + (leaves.size() < def.root().leaves() ? "few" : "many")
                        + " leaves for PyTreeDef; expected " + def.root().leaves() + ", got " + leaves.size() + ".");
            }
            return unflatten(def.root(), leaves.iterator());
        });
        t.raw("tree_reduce", (in, a, kw) -> {
            if (a.size() < 2) {
                throw new EvalError("TypeError: tree_reduce() missing required argument 'tree'");
            }
            List<Object> leaves = new ArrayList<>();
            Object isLeaf = kw.getOrDefault("is_leaf", Values.None.NONE);
            flatten(in, a.get(1), leaves, leafTest(isLeaf));
            boolean seeded = a.size() > 2 || kw.containsKey("initializer");
            if (!seeded && leaves.isEmpty()) {
                throw new EvalError("TypeError: reduce() of empty iterable with no initial value");
            }
            Object acc = seeded ? (a.size() > 2 ? a.get(2) : kw.get("initializer")) : leaves.get(0);
            for (Object leaf : seeded ? leaves : leaves.subList(1, leaves.size())) {
                acc = in.call(a.get(0), List.of(acc, leaf));
            }
            return acc;
        });
        t.fn("tree_all(tree, is_leaf=None)", (in, a) -> {
            List<Object> leaves = new ArrayList<>();
            flatten(in, a[0], leaves, leafTest(a[1]));
            for (Object leaf : leaves) {
                if (!PyOps.truthy(leaf)) {
                    return false;
                }
            }
            return true;
        });
        // Flattening and unflattening are linear in the leaves: each one's cotangent is the other,
        // through two helper rows that are each other's transpose, so derivatives differentiate again.
        t.row("tree_flatten").vjp("jax.tree_util._from_leaves(_ct_get(g, 0), y[1])", null);
        t.row("tree_unflatten").vjp(null, "jax.tree_util._up_to(g, treedef)");
        t.fn("_up_to(tree, treedef)", (in, a) -> upTo(in, a[0], def(a[1])))
                .vjp("jax.tree_util._from_leaves(g, treedef)", null).jvp("jax.tree_util._up_to(t, treedef)", null);
        t.fn("_from_leaves(leaves, treedef)", (in, a) -> fromLeaves(in, a[0], def(a[1])))
                .vjp("jax.tree_util._up_to(g, treedef)", null).jvp("jax.tree_util._from_leaves(t, treedef)", null);
        t.row("tree_map").definedInJx();
        t.row("tree_leaves").definedInJx();
        t.declare(registry, "jax.tree_util");
        return t.module("jax.tree_util");
    }

    private static boolean zero(Object g) {
        return g instanceof Double d && d == 0.0;
    }

    private static Node def(Object treedef) {
        return ((TreeDef) treedef).root();
    }

    /**
     * The subtrees of tree at treedef's leaves, as a list (tree_map's other trees, a cotangent's
     * leaves): a zero (0.0) is zero at every leaf, as derivatives pass the cotangent of a subtree
     * nothing reached.
     */
    private static Values.PyList upTo(Interp in, Object tree, Node structure) {
        List<Object> out = new ArrayList<>();
        if (!upTo(in, structure, tree, out)) {
            throw new EvalError("ValueError: Custom node type mismatch; expected " + new TreeDef(structure)
                    + ", got " + new TreeDef(flatten(in, tree, new ArrayList<>(), null)) + ".",
                    "every tree passed to tree_map must have the first tree's structure");
        }
        return new Values.PyList(out);
    }

    private static boolean upTo(Interp in, Node node, Object tree, List<Object> out) {
        if (zero(tree)) {
            for (int i = 0; i < node.leaves(); i++) {
                out.add(0.0);
            }
            return true;
        }
        return switch (node) {
            case Leaf l -> out.add(tree);
            case NoneNode n -> tree instanceof Values.None;
            case Seq s -> {
                List<Object> items = tree instanceof Values.Tuple t ? t.items() : tree instanceof Values.PyList l ? l.items() : null;
                if (items == null || items.size() != s.children().size()) {
                    yield false;
                }
                boolean ok = true;
                for (int i = 0; ok && i < items.size(); i++) {
                    ok = upTo(in, s.children().get(i), items.get(i), out);
                }
                yield ok;
            }
            case Dict d -> {
                if (!(tree instanceof Values.PyDict pd) || !d.keys().containsAll(pd.map().keySet())) {
                    yield false;
                }
                boolean ok = true;
                for (int i = 0; ok && i < d.keys().size(); i++) {
                    ok = upTo(in, d.children().get(i), pd.map().getOrDefault(d.keys().get(i), 0.0), out);
                }
                yield ok;
            }
        };
    }

    /** treedef's tree of the given leaves (zero: zero at every leaf), the transpose of upTo. */
    private static Object fromLeaves(Interp in, Object leaves, Node structure) {
        List<Object> items = new ArrayList<>();
        if (zero(leaves)) {
            for (int i = 0; i < structure.leaves(); i++) {
                items.add(0.0);
            }
        } else {
            items.addAll(in.list(leaves));
        }
        if (items.size() != structure.leaves()) {
            throw new EvalError("internal error: " + items.size() + " leaf cotangents for " + new TreeDef(structure));
        }
        return unflatten(structure, items.iterator());
    }

    private static Object leafTest(Object isLeaf) {
        return isLeaf instanceof Values.None ? null : isLeaf;
    }

    private static List<Object> sortedKeys(Values.PyDict d) {
        return d.map().keySet().stream().sorted(TreeUtil::keyOrder).toList();
    }

    /** Appends the leaves of tree to out, left to right, and returns its structure. */
    static Node flatten(Interp in, Object tree, List<Object> out, Object isLeaf) {
        if (isLeaf != null && PyOps.truthy(in.call(isLeaf, List.of(tree)))) {
            out.add(tree);
            return new Leaf();
        }
        return switch (tree) {
            case Values.Tuple t -> new Seq(true, t.items().stream().map(x -> flatten(in, x, out, isLeaf)).toList(), t.fields());
            case Values.PyList l -> new Seq(false, l.items().stream().map(x -> flatten(in, x, out, isLeaf)).toList(), null);
            case Values.PyDict d -> {
                List<Object> keys = sortedKeys(d);
                yield new Dict(keys, keys.stream().map(k -> flatten(in, d.map().get(k), out, isLeaf)).toList());
            }
            case Values.None n -> new NoneNode();
            default -> {
                out.add(tree);
                yield new Leaf();
            }
        };
    }

    static Object unflatten(Node node, Iterator<Object> leaves) {
        return switch (node) {
            case Leaf l -> leaves.next();
            case NoneNode n -> Values.None.NONE;
            case Seq s -> {
                List<Object> items = new ArrayList<>();
                s.children().forEach(c -> items.add(unflatten(c, leaves)));
                yield s.tuple() ? new Values.Tuple(items, s.named()) : new Values.PyList(items);
            }
            case Dict d -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < d.keys().size(); i++) {
                    m.put(d.keys().get(i), unflatten(d.children().get(i), leaves));
                }
                yield new Values.PyDict(m);
            }
        };
    }

    private static int keyOrder(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** tree_map: the first tree's structure decides; the others must have it too (they may go deeper at its leaves). */
    static Object map(Interp in, Object fn, List<Object> trees, Object isLeaf) {
        List<Object> leaves = new ArrayList<>();
        Node structure = flatten(in, trees.get(0), leaves, isLeaf);
        List<List<Object>> others = new ArrayList<>();
        for (Object other : trees.subList(1, trees.size())) {
            List<Object> ls = new ArrayList<>();
            if (!matches(in, structure, other, ls)) {
                throw new EvalError("ValueError: Custom node type mismatch; expected " + new TreeDef(structure)
                        + ", got " + new TreeDef(flatten(in, other, new ArrayList<>(), null)) + ".",
                        "every tree passed to tree_map must have the first tree's structure");
            }
            others.add(ls);
        }
        List<Object> mapped = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            List<Object> args = new ArrayList<>();
            args.add(leaves.get(i));
            for (List<Object> ls : others) {
                args.add(ls.get(i));
            }
            mapped.add(in.call(fn, args));
        }
        return unflatten(structure, mapped.iterator());
    }

    /** Whether tree has the given structure, collecting the subtrees found at its leaves. */
    private static boolean matches(Interp in, Node node, Object tree, List<Object> out) {
        return switch (node) {
            case Leaf l -> out.add(tree);
            case NoneNode n -> tree instanceof Values.None;
            case Seq s -> {
                List<Object> items = s.tuple() ? (tree instanceof Values.Tuple t ? t.items() : null)
                        : (tree instanceof Values.PyList l ? l.items() : null);
                if (items == null || items.size() != s.children().size()) {
                    yield false;
                }
                boolean ok = true;
                for (int i = 0; ok && i < items.size(); i++) {
                    ok = matches(in, s.children().get(i), items.get(i), out);
                }
                yield ok;
            }
            case Dict d -> {
                if (!(tree instanceof Values.PyDict pd) || !sortedKeys(pd).equals(d.keys())) {
                    yield false;
                }
                boolean ok = true;
                for (int i = 0; ok && i < d.keys().size(); i++) {
                    ok = matches(in, d.children().get(i), pd.map().get(d.keys().get(i)), out);
                }
                yield ok;
            }
        };
    }
}
