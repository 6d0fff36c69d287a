"""Finish WeasyPrint's tagged PDF with pikepdf: running headers and page numbers as artifacts,
and layout bounding boxes in PDF coordinates.

WeasyPrint 70 keeps the page margin boxes (running header, "Page N of M") out of
the structure tree, but still wraps their text in marked content with an MCID
whose structure elements hang on nothing in the tree: neither content nor
artifact. Here every such orphan sequence becomes ``/Artifact <</Type /Pagination>>``
(and its ParentTree entry null), which screen
readers and the PDF/UA checkers skip. WeasyPrint also writes a Figure's
``/BBox`` in CSS pixels from the top of the page; PDF wants points from the
bottom: it is converted. A list's grouping ``<div>`` (the Key terms box wraps each
``<dt>``/``<dd>`` pair in one, so that WeasyPrint balances its columns a term at a time) becomes
a ``Div`` inside the ``L``, which PDF/UA-1 does not allow: its items move up into the list. A
PDF that is not tagged comes back unchanged.
"""

from __future__ import annotations

import io

PX = 0.75  # points per CSS pixel


def finish(data: bytes) -> bytes:
    """``data`` with orphan marked content turned into pagination artifacts and BBoxes in points."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None or "/ParentTree" not in root:
            return data
        parents = pikepdf.NumberTree(root.ParentTree)
        tree = _in_tree(root)
        changed = False
        for page in pdf.pages:
            claimed = _claimed_mcids(parents, page.obj.get("/StructParents"), tree)
            changed |= _mark_artifacts(pdf, page, claimed)
        elements = _struct_elements(pdf)
        changed |= _fix_bboxes(pdf, elements)
        changed |= _unwrap_list_groups(elements)
        if not changed:
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # the same brief, the same bytes
        return out.getvalue()


def _in_tree(root) -> set:
    """The (object, generation) of every structure element reachable from the root by /K."""
    import pikepdf

    seen: set = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if node.objgen in seen and node.objgen != (0, 0):
            continue
        seen.add(node.objgen)
        kids = node.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        # pikepdf types Object.__iter__ as Iterable, not Iterator
        todo.extend(
            k
            for k in kids  # type: ignore[union-attr]
            if isinstance(k, pikepdf.Dictionary) and "/MCID" not in k and "/Obj" not in k
        )
    return seen


def _claimed_mcids(parents, key, tree: set) -> set[int]:
    """The MCIDs of a page whose structure element is in the tree; the ParentTree entries
    of the others are set to null."""
    if key is None:
        return set()
    try:
        array = parents[int(key)]
    except (KeyError, IndexError):
        return set()
    claimed = set()
    for i, element in enumerate(array):
        if element is None:
            continue
        if element.objgen in tree:
            claimed.add(i)
        else:
            array[i] = None
    return claimed


def _mark_artifacts(pdf, page, claimed: set[int]) -> bool:
    import pikepdf

    instructions = pikepdf.parse_content_stream(page, "BDC")  # only the marked-content openings
    orphans = [
        mcid
        for operands in (instruction.operands for instruction in instructions)
        if len(operands) == 2
        and isinstance(operands[1], pikepdf.Dictionary)
        and (mcid := operands[1].get("/MCID")) is not None
        and int(mcid) not in claimed
    ]
    if not orphans:
        return False
    artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
    out = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = instruction.operands
        if (
            len(operands) == 2
            and isinstance(operands[1], pikepdf.Dictionary)
            and (mcid := operands[1].get("/MCID")) is not None
            and int(mcid) not in claimed
            and str(instruction.operator) == "BDC"
        ):
            instruction = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact, artifact], instruction.operator
            )
        out.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return True


def _struct_elements(pdf) -> list:
    """The PDF's structure elements: its dictionaries with a structure type (/S), typed
    /StructElem or untyped. One scan of the objects for the passes below."""
    import pikepdf

    return [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary)
        and "/S" in obj
        and obj.get("/Type") in (None, pikepdf.Name.StructElem)
    ]


def _fix_bboxes(pdf, elements: list) -> bool:
    """Each structure element's Layout /BBox from CSS pixels (top-down) to points (bottom-up)."""
    import pikepdf

    heights = {page.obj.objgen: float(page.mediabox[3]) for page in pdf.pages}
    changed = False
    for obj in elements:
        attrs = obj.get("/A")
        if not isinstance(attrs, pikepdf.Dictionary) or "/BBox" not in attrs:
            continue
        page = obj.get("/Pg")
        height = heights.get(page.objgen) if page is not None else None
        if height is None:
            continue
        # pikepdf types Object.__iter__ as Iterable, not Iterator
        x0, y0, x1, y1 = (float(v) for v in attrs.BBox)  # type: ignore[attr-defined]
        attrs.BBox = pikepdf.Array(
            [
                round(x0 * PX, 2),
                round(height - y1 * PX, 2),
                round(x1 * PX, 2),
                round(height - y0 * PX, 2),
            ]
        )
        changed = True
    return changed


def _unwrap_list_groups(elements: list) -> bool:
    """Each ``Div`` in an ``L`` that holds only list items replaced by those items."""
    import pikepdf

    changed = False
    for obj in elements:
        if obj.get("/S") != pikepdf.Name.L:
            continue
        kids = obj.get("/K")
        if not isinstance(kids, pikepdf.Array):
            continue
        flat, unwrapped = [], False
        for kid in kids.as_list():
            if _is_group(kid):
                for item in kid.K.as_list():
                    item.P = obj
                    flat.append(item)
                unwrapped = True
            else:
                flat.append(kid)
        if unwrapped:
            obj.K = pikepdf.Array(flat)
            changed = True
    return changed


def _is_group(kid) -> bool:
    """Whether ``kid`` is a ``Div`` of list items only (WeasyPrint's ``LI`` for each ``<dt>``
    and ``<dd>``): it has no content of its own, so nothing in the ParentTree points at it."""
    import pikepdf

    if not isinstance(kid, pikepdf.Dictionary) or kid.get("/S") != pikepdf.Name.Div:
        return False
    kids = kid.get("/K")
    return (
        isinstance(kids, pikepdf.Array)
        and len(kids) > 0
        and all(
            isinstance(k, pikepdf.Dictionary) and k.get("/S") == pikepdf.Name.LI
            for k in kids.as_list()
        )
    )
