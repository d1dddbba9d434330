/* mops export html: open now and search, from numbers `mops` precomputed (see html.py).
   Hours are never worked out here: the page only compares the clock with the intervals the
   hours engine gave, and says "unknown" outside them. Data reaches the page as text only. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("mops-data").textContent);
  var T = D.t;
  var MINUTE = 60000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  // -- time: minutes after D.base (the local midnight starting the export's day) ---------------

  function offsetAt(t) {
    var offset = D.off[0][1];
    for (var i = 1; i < D.off.length && D.off[i][0] <= t; i++) offset = D.off[i][1];
    return offset;
  }

  function dayIndex(t) {
    var low = 0, high = D.days.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (D.days[middle][0] <= t) low = middle; else high = middle - 1;
    }
    return low;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function clock(t) {
    var day = D.days[dayIndex(t)];
    var minutes = t + offsetAt(t) - (day[0] + offsetAt(day[0]));
    return two(Math.floor(minutes / 60)) + ":" + two(minutes % 60);
  }

  function iso(t) {
    var offset = offsetAt(t), sign = offset < 0 ? "-" : "+", size = Math.abs(offset);
    return D.days[dayIndex(t)][2] + "T" + clock(t) + ":00" + sign +
      two(Math.floor(size / 60)) + ":" + two(size % 60);
  }

  function when(moment, t) {
    var day = dayIndex(moment);
    if (day === dayIndex(t)) return fill(T.at, {time: clock(moment)});
    return fill(T.dateAt, {date: D.days[day][1], time: clock(moment)});
  }

  // -- state: the same answers as `mops open-now`, from the precomputed intervals --------------

  function firstAfter(spans, t) {
    for (var i = 0; i < spans.length; i += 2) if (spans[i] > t) return spans[i];
    return null;
  }

  function inside(spans, t, step) {
    for (var i = 0; i < spans.length; i += step) {
      if (spans[i] <= t && t < spans[i + 1]) return i;
    }
    return -1;
  }

  function status(s, t) {
    if (t < 0 || t >= D.end) return {state: "unknown", outside: true};
    if (!s) return {state: "unknown"};
    var open = inside(s.o, t, 2);
    if (open >= 0) {
      var note = inside(s.n, t, 3);
      return {state: "open", closes: s.o[open + 1] < D.end ? s.o[open + 1] : null,
        after: s.o[open + 1] >= D.end, always: s.a === 1,
        reason: note >= 0 ? D.r[s.n[note + 2]] : null};
    }
    var day = dayIndex(t), reason = null;
    for (var i = 0; i < s.r.length; i += 2) if (s.r[i] === day) reason = D.r[s.r[i + 1]];
    if (inside(s.u, t, 2) >= 0) return {state: "unknown", reason: reason};
    var opens = firstAfter(s.o, t), unknown = firstAfter(s.u, t);
    if (unknown !== null && (opens === null || unknown < opens)) {
      return {state: "closed", opens: null, noNext: true, reason: reason};
    }
    return {state: "closed", opens: opens, after: opens === null, reason: reason};
  }

  function soon(moment, t) {
    var seconds = (moment - t) * 60;
    return seconds > 0 && seconds <= 3600 ? Math.max(1, Math.floor(seconds / 60)) : null;
  }

  function sentence(answer, t) {
    var text, change = answer.state === "open" ? answer.closes : answer.opens;
    if (answer.state === "unknown") {
      text = answer.outside ? T.outside : T.unknown;
    } else if (answer.after) {
      // A line open round the clock (every day, holidays too) says so, as mops open-now does.
      text = answer.state === "open" ? (answer.always ? T.always : T.openAfter) : T.closedAfter;
    } else if (answer.noNext) {
      text = T.closedNoNext;
    } else {
      // As mops open-now says it: the reason goes with what it explains, the hours of the
      // day (open, or opening later today), or else why it is closed, before the reopening.
      var n = soon(change, t), open = answer.state === "open";
      var template = n ? (open ? T.closesSoon : T.opensSoon)[n - 1] : (open ? T.closes : T.opens);
      var next = fill(template, {n: n, when: when(change, t)});
      var why = answer.reason ? " (" + answer.reason + ")" : "";
      if (open || dayIndex(change) === dayIndex(t)) return (open ? T.open : T.closed) + ", " + next + why;
      return T.closed + why + ", " + next;
    }
    return answer.reason ? text + " (" + answer.reason + ")" : text;
  }

  var lines = Array.prototype.slice.call(document.querySelectorAll("article.unit"));
  var lineStatus = lines.map(function (card) { return card.querySelector(".status"); });

  function update(line, answer) {
    if (line.mopsAnswer === answer.key) return;  // unchanged: leave the DOM be
    line.mopsAnswer = answer.key;
    line.textContent = answer.text;
    line.setAttribute("data-state", answer.state);
    line.setAttribute("data-change", answer.change);
    line.setAttribute("data-reason", answer.reason);
  }

  function render() {
    var t = Math.floor(Date.now() / MINUTE) - D.base;
    var answers = {};
    function answerFor(card) {
      var key = D.u[+card.getAttribute("data-i")], found = answers[key];
      if (!found) {
        var answer = status(D.s[key], t);
        var change = answer.state === "open" ? answer.closes : answer.opens;
        found = answers[key] = {state: answer.state, text: sentence(answer, t),
          change: change === null || change === undefined ? "" : iso(change),
          reason: answer.reason || ""};
        found.key = [found.state, found.text, found.change, found.reason].join("\n");
      }
      return found;
    }
    lines.forEach(function (card, i) { update(lineStatus[i], answerFor(card)); });
    shown.forEach(function (card) { update(card.querySelector(".status"), answerFor(card)); });
  }

  function tick() {
    render();
    setTimeout(tick, MINUTE - Date.now() % MINUTE);
  }

  // -- search: mops_cli/search.py's ranking over material Python folded ------------------------

  var Q = D.q, STEM = Q.stem, ADDRESS = Q.aw, FILLER = Q.fw;
  var FOLD = {"ł": "l", "Ł": "l", "ø": "o", "đ": "d", "ß": "ss"};
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/g;

  function fold(text) {
    return text.replace(/[łŁøđß]/g, function (c) { return FOLD[c]; })
      .toLowerCase().normalize("NFKD").replace(COMBINING, "");
  }

  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  function postingKey(word) { return word.length >= STEM ? word.slice(0, STEM) : word; }

  var byKey = {};
  Q.v.forEach(function (word, index) {
    var key = postingKey(word);
    (byKey[key] = byKey[key] || []).push(index);
  });

  function stemMatch(query, word) {
    if (query === word) return 1.0;
    if (query.length < STEM || word.length < STEM) return 0.0;
    if (word.slice(0, query.length) === query) return 0.8;
    var common = 0, limit = Math.min(query.length, word.length);
    while (common < limit && query[common] === word[common]) common++;
    var shorter = Math.min(query.length, word.length), longer = Math.max(query.length, word.length);
    if (common >= STEM && common >= shorter - 2 && common >= longer - 4 && common >= 0.6 * longer) {
      return 0.9;
    }
    return 0.0;
  }

  function byWords(queryWords) {
    if (!queryWords.length) return [];
    var rows = new Map();
    queryWords.forEach(function (query, position) {
      (byKey[postingKey(query)] || []).forEach(function (vocabularyIndex) {
        var quality = stemMatch(query, Q.v[vocabularyIndex]);
        if (!quality) return;
        var postings = Q.p[vocabularyIndex];
        for (var i = 0; i < postings.length; i += 2) {
          var row = rows.get(postings[i]);
          if (!row) { row = queryWords.map(function () { return 0; }); rows.set(postings[i], row); }
          row[position] = Math.max(row[position], postings[i + 1] * quality);
        }
      });
    });
    var useful = [];
    queryWords.forEach(function (_, i) {
      for (var row of rows.values()) if (row[i]) { useful.push(i); return; }
    });
    // As search.py: a little word ("na", "dla", "nie"), or a digit run among words ("800
    // plus"), counts where it matches but never makes a match alone; a house number alone names
    // no unit; a word matching few units counts more.
    var digits = function (w) { return /^\d+$/.test(w); };
    var mixed = !queryWords.every(digits);
    var required = useful.filter(function (i) {
      return FILLER.indexOf(queryWords[i]) < 0 && !(mixed && digits(queryWords[i]));
    });
    if (!required.length) return [];
    if (required.every(function (i) { return digits(queryWords[i]); }) && !queryWords.every(digits)) return [];
    var phrase = queryWords.filter(function (w) { return FILLER.indexOf(w) < 0; }).join(" ");
    var units = Array.from(rows.keys()).sort(function (a, b) { return a - b; }).filter(function (unit) {
      var row = rows.get(unit);
      return required.some(function (i) { return row[i]; });
    });
    var rarity = queryWords.map(function (word, i) {
      if (FILLER.indexOf(word) >= 0) return Q.fs;
      var n = units.filter(function (unit) { return rows.get(unit)[i]; }).length;
      return 1.0 + Math.log(units.length / Math.max(1, n));
    });
    var every = units.filter(function (unit) {
      var row = rows.get(unit);
      return required.every(function (i) { return row[i]; });
    });
    var ranked = (every.length ? every : units).map(function (unit) {
      var row = rows.get(unit);
      var score = 0;
      useful.forEach(function (i) { if (row[i]) score += row[i] * rarity[i]; });
      if (every.length) {
        score += phraseBonus(phrase, Q.n[unit], Q.k[unit]);
        // A referral names the matter asked about: it goes first ("not MOPS: go there").
        if (Q.ref.indexOf(unit) >= 0 && phraseBonus(phrase, [], Q.k[unit])) score += Q.w.referral;
      }
      return [unit, score];
    });
    ranked.sort(function (a, b) { return b[1] - a[1]; });  // stable: ties keep the file's order
    return ranked.map(function (pair) { return pair[0]; });
  }

  function bag(phrase) { return phrase.split(" ").sort().join(" "); }

  function phraseBonus(phrase, names, keywords) {  // search.phrase_bonus
    if (names.indexOf(phrase) >= 0) return Q.np;
    if (keywords.indexOf(phrase) >= 0) return Q.kp;
    var words = bag(phrase), same = function (p) { return bag(p) === words; };
    if (names.some(same)) return Q.np * Q.ro;  // in another order, a little less
    if (keywords.some(same)) return Q.kp * Q.ro;
    if (phrase.indexOf(" ") >= 0) {
      var inner = " " + phrase + " ";
      var within = function (p) { return (" " + p + " ").indexOf(inner) >= 0; };
      if (names.some(within)) return Q.np / 2;
      if (keywords.some(within)) return Q.kp / 2;
    }
    return 0;
  }

  function ratio(a, b) {  // rapidfuzz's fuzz.ratio: the InDel similarity, 0-100
    if (!a.length && !b.length) return 100;
    var previous = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var current = [0];
      for (var j = 1; j <= b.length; j++) {
        current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
      }
      previous = current;
    }
    var total = a.length + b.length;
    return (1 - (total - 2 * previous[b.length]) / total) * 100;
  }

  function byFuzzyWords(queryWords) {
    var corrected = [];
    queryWords.forEach(function (word) {
      if (word.length <= STEM || /^\d+$/.test(word) || FILLER.indexOf(word) >= 0) return;  // "12" is not a typo of "112"
      var best = null, bestScore = -1;  // the first of the best, as process.extractOne
      Q.v.forEach(function (candidate) {
        var score = ratio(word, candidate);
        if (score >= 80 && score > bestScore) { best = candidate; bestScore = score; }
      });
      if (best !== null) corrected.push(best);
    });
    return corrected.length ? byWords(corrected) : [];
  }

  var PHONE = /^\+?[\d\s()./-]+$/;

  function phoneDigits(text) {  // mops_cli/phones.py's _digits
    var stripped = text.trim(), digits = stripped.replace(/\D/g, "");
    if (stripped[0] === "+") return "+" + digits;
    if (digits.slice(0, 2) === "00") return "+" + digits.slice(2);
    if (digits[0] === "0") return digits.slice(1);
    return digits;
  }

  function byPhone(text) {
    var digits = phoneDigits(text), national = digits.replace(/^\+48/, "");
    var number = /^[1-9]\d{8}$/.test(national) ? "+48" + national : digits;
    var raw = text.replace(/\D/g, ""), found = [];
    Q.tel.forEach(function (numbers, unit) {
      if (numbers.indexOf(number) >= 0) found.push([unit, 10]);
      else if (raw.length >= 6 && numbers.some(function (n) { return n.indexOf(raw) >= 0; })) found.push([unit, 5]);
    });
    found.sort(function (a, b) { return b[1] - a[1]; });
    return found.map(function (pair) { return pair[0]; });
  }

  function search(query) {
    var text = query.slice(0, Q.mc).trim();
    if (!text) return null;
    if (PHONE.test(text) && (text.match(/\d/g) || []).length >= 3) return byPhone(text);
    if (text.indexOf("@") >= 0) {
      var fragment = fold(text), found = [];
      Q.em.forEach(function (emails, unit) {
        if (emails.some(function (e) { return e.indexOf(fragment) >= 0; })) found.push(unit);
      });
      return found;
    }
    // As search.query_words: each word once, none too long, the first few only.
    var all = words(text).filter(function (w, i, list) {
      return w.length <= Q.mw && list.indexOf(w) === i;
    }).slice(0, Q.mq);
    var queryWords = all.filter(function (w) { return ADDRESS.indexOf(w) < 0; });
    if (!queryWords.length) queryWords = all;  // "plac" alone
    var found2 = byWords(queryWords);
    found2 = found2.length ? found2 : byFuzzyWords(queryWords);
    if (!unmapped(text, found2)) return found2;
    // As answers.contacts: a street or place no unit maps gets the unit to call, and why.
    var call = Q.fb === null ? [] : [Q.fb];
    call.place = text;
    return call;
  }

  // -- streets and places: mops_cli/places.py ------------------------------------------------

  var HOUSE_NUMBER = /\s\d{1,4}[a-zA-Z]?(?:\/\d{1,4}[a-zA-Z]?)?$/;

  function namedWords(text) {
    return words(text).filter(function (w) {
      return Q.pp.indexOf(w) < 0 && FILLER.indexOf(w) < 0 && !/^\d+$/.test(w);
    });
  }

  function readsAsPlace(text) {
    var folded = words(text), named = namedWords(text);
    if (!named.length) return false;
    if (Q.pp.indexOf(folded[0]) >= 0 || HOUSE_NUMBER.test(text)) return true;
    return Q.pl.some(function (place) {
      return place.length && place.every(function (w) {
        return named.some(function (q) { return stemMatch(q, w); });
      });
    });
  }

  function covers(phrases, named) {
    var own = [];
    phrases.forEach(function (phrase) { own = own.concat(words(phrase)); });
    return named.every(function (q) { return own.some(function (w) { return stemMatch(q, w); }); });
  }

  function unmapped(text, found) {
    if (!readsAsPlace(text)) return false;
    var named = namedWords(text);
    return !found.some(function (unit) {
      return covers(Q.ar[unit], named) || covers(Q.n[unit], named) || covers(Q.ad[unit], named);
    });
  }

  function quoted(text) {  // as Python's repr() quotes a phrase
    if (text.indexOf("'") >= 0 && text.indexOf('"') < 0) return '"' + text + '"';
    return "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  }

  // -- the search box: copies of the matching cards, best first, in the results section ------
  // The cards themselves stay where they are, and their sections are only concealed
  // (content-visibility), so that a keystroke lays out the results alone, not the directory.
  // A broad query in a large directory matches thousands: they are shown twenty at a time.

  var byIndex = [];
  lines.forEach(function (card) { byIndex[+card.getAttribute("data-i")] = card; });
  var results = document.getElementById("results");
  var resultCards = results.querySelector(".cards");
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var count = document.getElementById("count");
  var more = document.getElementById("more");
  var PAGE = 20, found = [], shown = [];

  function copy(unit, position) {
    var card = byIndex[unit].cloneNode(true), anchor = "found-" + position;
    card.id = anchor;
    card.setAttribute("aria-labelledby", anchor + "-name");
    card.querySelector("h3").id = anchor + "-name";
    return card;
  }

  function showMore() {
    var next = found.slice(shown.length, shown.length + PAGE).map(function (unit, i) {
      return copy(unit, shown.length + i);
    });
    next.forEach(function (card) { resultCards.appendChild(card); });
    shown = shown.concat(next);
    more.hidden = shown.length >= found.length;
    if (!more.hidden) more.textContent = fill(T.more, {shown: shown.length, n: found.length});
  }

  function show(query) {
    var answer = search(query), searching = answer !== null;
    resultCards.replaceChildren();
    shown = [];
    found = answer || [];
    if (results.hidden === searching) {
      results.hidden = !searching;
      groups.forEach(function (group) { group.classList.toggle("concealed", searching); });
    }
    if (!searching) { count.textContent = ""; more.hidden = true; return; }
    showMore();
    if (answer.place !== undefined) {
      var why = Q.um.replace("\ufffc", quoted(answer.place));
      count.textContent = why.charAt(0).toUpperCase() + why.slice(1);
      return;
    }
    count.textContent = found.length ? fill(T.found, {n: found.length}) : T.none;
  }

  more.addEventListener("click", function () {
    var first = shown.length;
    showMore();
    if (shown[first]) shown[first].querySelector("h3").focus();
  });

  var box = document.getElementById("q");
  box.addEventListener("input", function () { show(box.value); });
  box.closest(".search").hidden = false;
  if (box.value) show(box.value);

  window.addEventListener("beforeprint", function () {
    var now = new Date();
    document.getElementById("printed").textContent =
      now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) render();
  });
  tick();

  // Node (tests/test_html_script.py) reads the page's copies of Python code through this; a
  // browser has no `module`, and nothing here changes what the page does.
  if (typeof module === "object" && module) {
    module.exports = {search: search, status: status, sentence: sentence, iso: iso, D: D};
  }
})();
