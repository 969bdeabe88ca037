// The real Azure Mobile Apps Node server (azure-mobile-apps 4.0.2 on Express 4, sqlite3 data provider),
// started by offlinesync's compat tests as a test peer (see NodeTableServer.java).
//
//   DB_FILE  SQLite database file (default: a new file in the OS temp folder)
//   PORT     TCP port on 127.0.0.1 (default 0: a free port)
//
// Prints exactly one line "LISTENING <port>" to stdout once the tables exist and the socket listens;
// everything else (the server's own log) goes to stderr. Exits 0 on SIGTERM / SIGINT.
'use strict';

const os = require('os');
const path = require('path');
const express = require('express');
const winston = require('winston');
const sqlite3 = require('sqlite3');
const azureMobileApps = require('azure-mobile-apps');

const dbFile = process.env.DB_FILE
    || path.join(os.tmpdir(), 'offlinesync-compat-' + process.pid + '-' + Date.now() + '.db');
const port = Number.parseInt(process.env.PORT || '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('server.js: PORT must be 0..65535, got ' + process.env.PORT + '\n');
    process.exit(2);
}

// The provider opens its connection with sqlite3.cached.Database(filename): this is the same object.
// A busy timeout lets tests write to the file behind the server's back without making it fail.
sqlite3.cached.Database(dbFile).configure('busyTimeout', 10000);

const app = express();
const mobileApp = azureMobileApps({
    homePage: false,
    swagger: false,
    logging: {
        level: process.env.LOG_LEVEL || 'info',
        // all levels to stderr: stdout carries only the LISTENING line
        transports: [new winston.transports.Console({
            timestamp: true,
            showLevel: true,
            stderrLevels: ['error', 'warn', 'info', 'verbose', 'debug', 'silly']
        })]
    },
    data: {
        provider: 'sqlite',
        filename: dbFile
    }
});

// Columns are declared and the schema is fixed (dynamicSchema: false): initialize() creates each table,
// its update trigger and its __types entries at startup, so a GET on an empty table is a 200 with [].
mobileApp.tables.add('TodoItem', {
    softDelete: true,
    dynamicSchema: false,
    columns: { text: 'string', complete: 'boolean' }
});
mobileApp.tables.add('TypedItem', {
    softDelete: true,
    dynamicSchema: false,
    columns: { title: 'string', done: 'boolean', amount: 'number', due: 'date', note: 'string' }
});
mobileApp.tables.add('PlainItem', {
    softDelete: false,
    dynamicSchema: false,
    columns: { text: 'string' }
});

app.use(mobileApp);

mobileApp.tables.initialize()
    .then(function () {
        const server = app.listen(port, '127.0.0.1', function () {
            process.stdout.write('LISTENING ' + server.address().port + '\n');
        });
        server.keepAliveTimeout = 30000;
        server.on('error', function (err) {
            process.stderr.write('server.js: listen failed: ' + err.stack + '\n');
            process.exit(1);
        });
        function shutdown(signal) {
            process.stderr.write('server.js: ' + signal + ', closing\n');
            server.close();
            if (typeof server.closeAllConnections === 'function') {
                server.closeAllConnections();
            }
            sqlite3.cached.Database(dbFile).close(function (err) {
                if (err) {
                    process.stderr.write('server.js: closing the database failed: ' + err + '\n');
                    process.exit(1);
                }
                process.exit(0);
            });
        }
        process.on('SIGTERM', function () { shutdown('SIGTERM'); });
        process.on('SIGINT', function () { shutdown('SIGINT'); });
    })
    .catch(function (err) {
        process.stderr.write('server.js: initializing the tables failed: ' + (err && err.stack || err) + '\n');
        process.exit(1);
    });
