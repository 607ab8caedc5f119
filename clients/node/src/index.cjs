// CommonJS entry: the ES module itself (Node >= 20.19 loads ES modules with require()), so both
// entries share one verifier class and one TokenRejectedError.
"use strict";
module.exports = require("./index.js");
